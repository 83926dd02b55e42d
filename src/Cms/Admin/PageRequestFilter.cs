using Cms.Api;
using Cms.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cms.Admin;

/// <summary>
/// What Razor Pages lets through to a page that its handlers are not written for, refused before they run:
/// <list type="bullet">
/// <item>no handler answers the request (a DELETE, a TRACE, <c>?handler=Unknown</c>): Razor Pages would render the view
/// on a model its handler never loaded, and fail as a 500. 405 naming the methods the page answers, or 404 for a
/// handler it does not have;</item>
/// <item>a write whose body is not a form (the handlers read <c>Request.Form</c>): 415;</item>
/// <item>a form that cannot be read (no boundary, cut short, too many fields, NUL): model binding keeps the fault in the
/// model state and binds nothing, so the handler would run on empty values; antiforgery, reading it first, answers a
/// bare 400. Either way it is answered as the API answers it (<see cref="RequestFaultHandler"/>): 400 or 413 naming the
/// fault.</item>
/// </list>
/// </summary>
public sealed class PageRequestFilter : IAsyncPageFilter, IAlwaysRunResultFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0)
        {
            var methods = context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).ToHashSet();
            if (methods.Contains(HttpMethods.Get)) methods.Add(HttpMethods.Head);
            context.HttpContext.Response.Headers.Allow = string.Join(", ", methods.Order(StringComparer.Ordinal));
            context.Result = methods.Contains(request.Method.ToUpperInvariant())
                ? new NotFoundResult()
                : new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return Task.CompletedTask;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !CheckedFormFeature.IsForm(request.ContentType))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status415UnsupportedMediaType);
            return Task.CompletedTask;
        }
        var unreadable = context.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.Exception).OfType<ValueProviderException>().FirstOrDefault();
        if (unreadable is not null)
        {
            context.Result = new Answer(Problems.From(CheckedFormFeature.FaultOf(context.HttpContext) ?? Refusal.Invalid(unreadable.Message)));
            return Task.CompletedTask;
        }
        return next();
    }

    /// <summary>Antiforgery reads the form first (for its token): when that read failed, its bare 400 becomes the fault's own answer.</summary>
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult && CheckedFormFeature.FaultOf(context.HttpContext) is { } fault)
        {
            context.Result = new Answer(Problems.From(fault));
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    /// <summary>A minimal API result (the problem details of <see cref="Problems"/>) as a page's result.</summary>
    private sealed class Answer(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}

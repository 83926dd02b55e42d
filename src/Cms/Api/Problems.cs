using Cms.Content;

namespace Cms.Api;

/// <summary>The one mapping from a refusal to an RFC 7807 problem-details response.</summary>
public static class Problems
{
    public static IResult From(Refusal refusal)
    {
        var status = refusal.Kind switch
        {
            RefusalKind.Invalid => StatusCodes.Status400BadRequest,
            RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Conflict => StatusCodes.Status409Conflict,
            RefusalKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            RefusalKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
            RefusalKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            RefusalKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
            RefusalKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
            RefusalKind.InsufficientStorage => StatusCodes.Status507InsufficientStorage,
            _ => StatusCodes.Status400BadRequest,
        };
        var extensions = new Dictionary<string, object?>();
        if (refusal.Errors is not null) extensions["errors"] = refusal.Errors;
        if (refusal.Extensions is not null)
        {
            foreach (var (key, value) in refusal.Extensions) extensions[key] = value;
        }
        var problem = Results.Problem(detail: refusal.Detail, statusCode: status, title: refusal.Title, extensions: extensions);
        return refusal.RetryAfter is { } wait ? new RetryAfterResult(problem, wait) : problem;
    }

    /// <summary>Whole seconds, rounded up: a client that waits exactly that long is let in.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class RetryAfterResult(IResult problem, TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
            return problem.ExecuteAsync(httpContext);
        }
    }

    public static IResult Invalid(string field, string message) =>
        From(Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] }));
}

using Cms.Content;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cms.Api;

/// <summary>
/// Refuses NUL in the text a request carries outside JSON (JSON is <see cref="RequestJson"/>'s): in the query string here,
/// in form fields wherever a form is read (<see cref="CheckedFormFeature"/>). NUL is no character a title, a name or a
/// search holds, and PostgreSQL stores it in neither text nor jsonb: it would fail there, as a 500. Kestrel already
/// refuses it in the path and in headers; the form reader refuses it in url-encoded forms, but not in multipart ones.
/// </summary>
public sealed class RequestTextGuard(RequestDelegate next, IOptions<FormOptions> formOptions)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // %00 is the only way NUL gets into a query string: the raw text is looked at first, so that the readers' hot
        // path parses nothing it did not parse before.
        if (request.QueryString.Value is { } raw && raw.Contains("%00", StringComparison.Ordinal))
        {
            foreach (var (name, values) in request.Query)
            {
                if (name.Contains('\0') || values.Any(v => v?.Contains('\0') == true))
                {
                    return Problems.Invalid(name, $"The query parameter '{name}' contains a NUL character (%00).").ExecuteAsync(context);
                }
            }
        }
        // A form already read (by a middleware before this one) keeps its reader: a new one would find the body consumed.
        if (CheckedFormFeature.IsForm(request.ContentType) && context.Features.Get<IFormFeature>()?.Form is null)
        {
            context.Features.Set<IFormFeature>(new CheckedFormFeature(new FormFeature(request, formOptions.Value)));
        }
        return next(context);
    }
}

/// <summary>
/// The framework's form reader, with every field name, value and file name checked for NUL once read. Whoever reads the
/// form (an endpoint, model binding, antiforgery) gets the check; a refusal is thrown as a
/// <see cref="MalformedRequestException"/>, which <see cref="RequestFaultHandler"/> answers with a 400 naming the field.
/// Model binding and antiforgery catch what a form read throws and answer on their own (binding nothing, or a bare 400):
/// <see cref="Fault"/> keeps it, so that the admin pages answer it as the API does.
/// </summary>
public sealed class CheckedFormFeature(IFormFeature inner) : IFormFeature
{
    public bool HasFormContentType => inner.HasFormContentType;

    public IFormCollection? Form
    {
        get => inner.Form;
        set => inner.Form = value;
    }

    /// <summary>Why the form could not be read, once a read failed on the client's fault.</summary>
    public Refusal? Fault { get; private set; }

    public IFormCollection ReadForm()
    {
        try
        {
            return Checked(inner.ReadForm());
        }
        catch (Exception e) when (Keep(e))
        {
            throw;
        }
    }

    public async Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Checked(await inner.ReadFormAsync(cancellationToken));
        }
        catch (Exception e) when (Keep(e))
        {
            throw;
        }
    }

    /// <summary>The fault of a request's form, if reading it failed on the client's fault.</summary>
    public static Refusal? FaultOf(HttpContext context) => (context.Features.Get<IFormFeature>() as CheckedFormFeature)?.Fault;

    private bool Keep(Exception exception)
    {
        Fault ??= RequestFaultHandler.RefusalFor(exception);
        return true;
    }

    /// <summary>Reads the form with limits of its own (an upload's), checked like every other form.</summary>
    public static Task<IFormCollection> ReadFormAsync(HttpRequest request, FormOptions options, CancellationToken cancellationToken)
    {
        request.HttpContext.Features.Set<IFormFeature>(new CheckedFormFeature(new FormFeature(request, options)));
        return request.ReadFormAsync(cancellationToken);
    }

    public static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase));

    private static IFormCollection Checked(IFormCollection form)
    {
        foreach (var (name, values) in form)
        {
            if (name.Contains('\0') || values.Any(v => v?.Contains('\0') == true)) throw Refused(name, $"The form field '{name}' contains a NUL character.");
        }
        foreach (var file in form.Files)
        {
            if (file.FileName.Contains('\0') || file.Name.Contains('\0')) throw Refused(file.Name, $"The name of the file sent as '{file.Name}' contains a NUL character.");
        }
        return form;
    }

    private static MalformedRequestException Refused(string field, string message) =>
        new(Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] }));
}

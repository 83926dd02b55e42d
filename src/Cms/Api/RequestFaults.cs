using System.Text.RegularExpressions;
using Cms.Content;
using Microsoft.AspNetCore.Diagnostics;

namespace Cms.Api;

/// <summary>A request refused while the framework reads it (a form field holding NUL…), with the refusal to answer.</summary>
public sealed class MalformedRequestException(Refusal refusal) : BadHttpRequestException(refusal.Detail, StatusCodes.Status400BadRequest)
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>
/// The faults found while the framework reads a request, answered as the problem details of any other refusal rather
/// than the 500 of an unhandled exception: a form or multipart body the form reader cannot read (no boundary, NUL, a
/// limit exceeded), a body cut short or larger than allowed (Kestrel's <see cref="BadHttpRequestException"/>), a route or
/// query value that a handler's typed parameter cannot take (minimal APIs throw it: <c>ThrowOnBadRequest</c>). Each
/// names the fault in its detail. Every other exception is a server fault, left to the 500 path.
/// </summary>
public sealed partial class RequestFaultHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (RefusalFor(exception) is not { } refusal || httpContext.Response.HasStarted) return false;
        await Problems.From(refusal).ExecuteAsync(httpContext);
        return true;
    }

    public static Refusal? RefusalFor(Exception exception) => exception switch
    {
        MalformedRequestException malformed => malformed.Refusal,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => TooLarge(bad.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } bad =>
            new Refusal(RefusalKind.UnsupportedMediaType, "Unsupported media type.", bad.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => Refusal.Invalid(bad.Message),
        BadHttpRequestException => null,
        InvalidDataException or IOException when IsFrameworkReadFault(exception) =>
            LimitExceeded().IsMatch(exception.Message) ? TooLarge(exception.Message) : Refusal.Invalid($"The request body cannot be read: {exception.Message}"),
        _ => null,
    };

    /// <summary>
    /// Thrown by ASP.NET Core's own readers (forms, multipart: a part cut short, no boundary, a limit passed), which is
    /// the client's fault. Our code throws these too (InvalidDataException for stored data it cannot read, IOException
    /// from a file store): those are server faults, left to the 500 path.
    /// </summary>
    private static bool IsFrameworkReadFault(Exception exception) =>
        exception.TargetSite?.DeclaringType?.Assembly.GetName().Name is { } assembly && assembly.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal);

    private static Refusal TooLarge(string detail) => new(RefusalKind.TooLarge, "The body is too large.", detail);

    // The readers say a limit was passed only in their message: "Multipart body length limit 16384 exceeded.".
    [GeneratedRegex(@"\blimit\b.*\bexceeded\b", RegexOptions.IgnoreCase)]
    private static partial Regex LimitExceeded();
}

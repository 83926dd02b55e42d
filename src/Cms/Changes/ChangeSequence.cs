using System.Globalization;
using Cms.Api;

namespace Cms.Changes;

/// <summary>The highest change-feed sequence the current request's writes committed (0 when it wrote nothing).</summary>
public sealed class RequestChangeSequence
{
    public long Committed { get; set; }
}

/// <summary>Endpoint metadata: before answering, wait for this node's search indexes too, not only its caches.</summary>
public sealed class WaitsForSearchIndexes;

/// <summary>
/// Read-your-writes behind a load balancer. Every answer to a write carries the sequence it produced (the <c>Cms-Seq</c>
/// header and a short-lived cookie); a request that carries a sequence this node has not applied yet waits, at most a
/// second, until it has, so the editor's next request shows their change whichever node it lands on.
/// </summary>
public sealed class ChangeSequenceMiddleware(RequestDelegate next, ChangeFeedFollower follower)
{
    public const string Header = "Cms-Seq";
    public const string Cookie = "cms-seq";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers[Header];
        long wanted = 0;
        if (header.Count > 0 && !TryParse(header.ToString(), out wanted))
        {
            await Problems.Invalid(Header, $"{Header} must be a change-feed sequence (a whole number from 0).").ExecuteAsync(context);
            return;
        }
        // A cookie is not the client's own words: a bad one is ignored rather than refused.
        if (context.Request.Cookies.TryGetValue(Cookie, out var cookie) && TryParse(cookie, out var fromCookie)) wanted = Math.Max(wanted, fromCookie);
        if (wanted > 0)
        {
            var everywhere = context.GetEndpoint()?.Metadata.GetMetadata<WaitsForSearchIndexes>() is not null;
            await follower.CatchUpAsync(wanted, ChangeFeedFollower.ReadYourWritesWait, context.RequestAborted, everywhere);
        }

        // Reads write nothing: the readers' hot path registers no callback.
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        context.Response.OnStarting(() =>
        {
            var written = context.RequestServices.GetRequiredService<RequestChangeSequence>().Committed;
            if (written > 0)
            {
                var value = written.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers[Header] = value;
                context.Response.Cookies.Append(Cookie, value, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    MaxAge = CookieLifetime,
                    Path = "/",
                });
            }
            return Task.CompletedTask;
        });
        await next(context);
    }

    private static bool TryParse(string? text, out long sequence) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
}

using Microsoft.Net.Http.Headers;

namespace Cms.Site;

/// <summary>Sends a page: 304 when the reader's copy is current, else the best encoding the reader accepts.</summary>
public static class PageResponses
{
    public static Task WriteAsync(HttpContext context, CachedPage page)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;
        response.StatusCode = page.Status;
        headers.ContentType = page.ContentType;
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        if (page.Status == StatusCodes.Status200OK)
        {
            headers.ETag = page.ETag;
            headers.LastModified = page.LastModifiedHeader;
            // Readers revalidate every time (a 304 is cheap), so nobody keeps a page a publish has changed.
            headers.CacheControl = "public, no-cache";
            if (IsNotModified(request, page))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }
        else
        {
            headers.CacheControl = "no-store";
        }

        var body = page.Body;
        var accepted = request.Headers.AcceptEncoding.ToString();
        if (page.Brotli is not null && Accepts(accepted, "br"))
        {
            body = page.Brotli;
            headers.ContentEncoding = "br";
        }
        else if (page.Gzip is not null && Accepts(accepted, "gzip"))
        {
            body = page.Gzip;
            headers.ContentEncoding = "gzip";
        }
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }

    private static bool IsNotModified(HttpRequest request, CachedPage page)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
            {
                if (value is null) continue;
                foreach (var tag in value.Split(','))
                {
                    var trimmed = tag.Trim();
                    if (trimmed == "*" || trimmed == page.ETag || trimmed == "W/" + page.ETag) return true;
                }
            }
            return false;
        }
        return HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since) && since >= page.LastModified;
    }

    /// <summary>Whether an Accept-Encoding value accepts <paramref name="coding"/> (named, and not with q=0).</summary>
    public static bool Accepts(string acceptEncoding, string coding)
    {
        if (acceptEncoding.Length == 0) return false;
        foreach (var part in acceptEncoding.Split(','))
        {
            var pieces = part.Split(';');
            if (!pieces[0].Trim().Equals(coding, StringComparison.OrdinalIgnoreCase)) continue;
            // "gzip;q=0" refuses gzip.
            return !(pieces.Length > 1 && pieces[1].Trim().Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
        }
        return false;
    }
}

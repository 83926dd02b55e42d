using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Api;

/// <summary>Reads a JSON object body with a size limit; every way it can be wrong becomes a precise refusal.</summary>
public static class RequestJson
{
    public static async Task<Outcome<JsonObject>> ReadObjectAsync(HttpRequest request, long maxBytes, bool optional = false)
    {
        if (request.ContentLength == 0 || (optional && request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return optional ? new JsonObject() : Refusal.Invalid("A JSON body is required.");
        }
        if (request.ContentType is not { } contentType || !IsJson(contentType))
        {
            return new Refusal(RefusalKind.UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json.");
        }
        if (request.ContentLength > maxBytes) return TooLarge(maxBytes);

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes) return TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return optional ? new JsonObject() : Refusal.Invalid("A JSON body is required.");

        try
        {
            var node = JsonNode.Parse(buffer.ToArray());
            return node as JsonObject is { } obj ? obj : Refusal.Invalid("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return Refusal.Invalid($"The body is not valid JSON{where}.");
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static Refusal TooLarge(long maxBytes) =>
        new(RefusalKind.TooLarge, "The body is too large.", $"The body is larger than the {maxBytes} bytes this API accepts.");
}

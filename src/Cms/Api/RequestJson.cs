using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Cms.Content;

namespace Cms.Api;

/// <summary>
/// Reads JSON from a request (a body, or a parameter holding JSON) with a size limit; every way it can be wrong becomes a
/// precise refusal, with the JSON path of the fault. Besides what the JSON grammar forbids, it refuses what the rest of
/// the code cannot hold: a key given twice in one object (which value is meant is ambiguous, and JsonObject throws on
/// it), a string that is not Unicode text (a lone surrogate such as <c>\ud800</c>, bytes that are not UTF-8), and NUL,
/// which PostgreSQL stores in neither text nor jsonb.
/// </summary>
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

        var node = Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "", "The body");
        if (!node.Succeeded) return node.Refusal!;
        return node.Value as JsonObject is { } obj ? obj : Refusal.Invalid("The body must be a JSON object.");
    }

    /// <summary>JSON sent as text in a query string or form field named <paramref name="parameter"/>; faults are named from it (<c>query.bool.must[0]</c>).</summary>
    public static Outcome<JsonNode?> Parse(string text, string parameter) =>
        Parse(Encoding.UTF8.GetBytes(text), parameter, parameter);

    private static Outcome<JsonNode?> Parse(ReadOnlySpan<byte> utf8, string root, string what)
    {
        try
        {
            if (Check(utf8, root) is { } fault)
            {
                return Refusal.Invalid($"{what} is refused at {fault.Path}: {fault.Message}", new Dictionary<string, string[]> { [fault.Path] = [fault.Message] });
            }
            return JsonNode.Parse(utf8);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            var message = $"{what} is not valid JSON{where}.";
            return Refusal.Invalid(message, root.Length == 0 ? null : new Dictionary<string, string[]> { [root] = [message] });
        }
    }

    private readonly record struct Fault(string Path, string Message);

    /// <summary>One object or array being read: the key or index of the value being read in it, and an object's keys so far.</summary>
    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
        public string? Key { get; set; }
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// A first pass over the tokens (the JSON grammar is checked by the reader, which throws), for what the grammar
    /// allows and the content cannot hold. The tree is built afterwards, from input known to be sound.
    /// </summary>
    private static Fault? Check(ReadOnlySpan<byte> utf8, string root)
    {
        var reader = new Utf8JsonReader(utf8);
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    ValueRead(frames);
                    break;
                case JsonTokenType.PropertyName:
                {
                    var frame = frames[^1];
                    frame.Key = null;
                    if (KeyFault(ref reader, out var key) is { } keyFault) return new Fault(PathOf(frames, root, "key"), $"the key {keyFault}.");
                    frame.Key = key;
                    if (!frame.Keys.Add(key!)) return new Fault(PathOf(frames, root), "the key appears twice in its object; send it once.");
                    break;
                }
                case JsonTokenType.String:
                    if (ValueFault(ref reader) is { } fault) return new Fault(PathOf(frames, root), $"the text {fault}.");
                    ValueRead(frames);
                    break;
                default:
                    ValueRead(frames);
                    break;
            }
        }
        return null;
    }

    private static void ValueRead(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
    }

    private const string LoneSurrogate = "holds a lone surrogate (\\uD800–\\uDFFF without its pair): it is not Unicode text";

    /// <summary>Why the key at the reader is not text an object can be keyed by, or null (and the key) when it is.</summary>
    private static string? KeyFault(ref Utf8JsonReader reader, out string? key)
    {
        key = null;
        return Utf8.IsValid(reader.ValueSpan) ? Decode(ref reader, out key) : "is not valid UTF-8";
    }

    /// <summary>Why the string value at the reader is not text the content can hold, or null when it is.</summary>
    private static string? ValueFault(ref Utf8JsonReader reader)
    {
        if (!Utf8.IsValid(reader.ValueSpan)) return "is not valid UTF-8";
        // Without escapes, valid UTF-8 holds neither a surrogate nor NUL (the grammar forbids control characters unescaped).
        return reader.ValueIsEscaped ? Decode(ref reader, out _) : null;
    }

    private static string? Decode(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // Valid bytes, so an escape made the string invalid: \ud800 without its low half, or a low half alone.
            return LoneSurrogate;
        }
        if (text is null) return null;
        if (text.Contains('\0')) return "contains a NUL character (\\u0000)";
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return LoneSurrogate;
        }
        return null;
    }

    /// <summary><c>TitlePart.Title</c>, <c>Article.Category.TermContentItemIds[0]</c>: where the value being read is.</summary>
    private static string PathOf(List<Frame> frames, string root, string? leaf = null)
    {
        var path = new StringBuilder(root);
        foreach (var frame in frames)
        {
            if (frame.IsArray) path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Key is not null) path.Append(path.Length == 0 ? "" : ".").Append(frame.Key);
            else if (leaf is not null) path.Append(path.Length == 0 ? "" : ".").Append('(').Append(leaf).Append(')');
        }
        return path.Length == 0 ? "body" : path.ToString();
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

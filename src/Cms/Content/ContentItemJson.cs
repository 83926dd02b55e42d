using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;

namespace Cms.Content;

/// <summary>Reads and writes content items in Orchard Core's JSON shape: metadata first, then one object per part.</summary>
public static class ContentItemJson
{
    /// <summary>Accents stay readable ("Défense", not "D\u00E9fense"); characters that matter in HTML are still escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private static readonly HashSet<string> MetadataNames = new(StringComparer.Ordinal)
    {
        "ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published", "Status",
        "PublishAtUtc", "CreatedUtc", "ModifiedUtc", "PublishedUtc", "Owner", "Author", "Id",
    };

    public static bool IsMetadata(string propertyName) => MetadataNames.Contains(propertyName);

    public static byte[] ToUtf8(ContentItem item)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, item);
        }
        return buffer.ToArray();
    }

    public static string ToJson(ContentItem item) => System.Text.Encoding.UTF8.GetString(ToUtf8(item));

    public static void Write(Utf8JsonWriter writer, ContentItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("ContentItemId", item.ContentItemId);
        writer.WriteString("ContentItemVersionId", item.ContentItemVersionId);
        writer.WriteString("ContentType", item.ContentType);
        WriteNullable(writer, "DisplayText", item.DisplayText);
        writer.WriteBoolean("Latest", item.Latest);
        writer.WriteBoolean("Published", item.Published);
        writer.WriteString("Status", item.Status);
        if (item.PublishAtUtc is { } publishAt) writer.WriteString("PublishAtUtc", publishAt);
        WriteDate(writer, "CreatedUtc", item.CreatedUtc);
        WriteDate(writer, "ModifiedUtc", item.ModifiedUtc);
        WriteDate(writer, "PublishedUtc", item.PublishedUtc);
        WriteNullable(writer, "Owner", item.Owner);
        WriteNullable(writer, "Author", item.Author);
        foreach (var (name, value) in item.Content)
        {
            writer.WritePropertyName(name);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a stored document. Stored documents were written by <see cref="Write"/>, so they are trusted.</summary>
    public static ContentItem Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("A stored content item is not a JSON object.");
        return FromObject(node);
    }

    /// <summary>
    /// Splits a JSON object into metadata and parts. Metadata with the wrong JSON kind is ignored here;
    /// the callers that accept input from outside decide which metadata they take.
    /// </summary>
    public static ContentItem FromObject(JsonObject node)
    {
        var item = new ContentItem();
        var content = new JsonObject();
        foreach (var (name, value) in node.ToList())
        {
            if (!IsMetadata(name))
            {
                node.Remove(name);
                content[name] = value;
                continue;
            }
            switch (name)
            {
                case "ContentItemId": item.ContentItemId = String(value) ?? ""; break;
                case "ContentItemVersionId": item.ContentItemVersionId = String(value) ?? ""; break;
                case "ContentType": item.ContentType = String(value) ?? ""; break;
                case "DisplayText": item.DisplayText = String(value); break;
                case "Latest": item.Latest = Bool(value); break;
                case "Published": item.Published = Bool(value); break;
                case "Status": item.Status = String(value) is { Length: > 0 } status ? status : "Draft"; break;
                case "PublishAtUtc": item.PublishAtUtc = Date(value); break;
                case "CreatedUtc": item.CreatedUtc = Date(value); break;
                case "ModifiedUtc": item.ModifiedUtc = Date(value); break;
                case "PublishedUtc": item.PublishedUtc = Date(value); break;
                case "Owner": item.Owner = String(value); break;
                case "Author": item.Author = String(value); break;
            }
        }
        item.Content = content;
        return item;
    }

    private static string? String(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static DateTime? Date(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var s)) return null;
        return DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? d
            : null;
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateTime? value)
    {
        if (value is { } d) writer.WriteString(name, DateTime.SpecifyKind(d, DateTimeKind.Utc));
        else writer.WriteNull(name);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;

namespace Cms.Tests.Api.Fuzz;

/// <summary>A body to send: its Content-Type (none when null), its bytes, and what made it (printed with a failure).</summary>
public sealed record FuzzBody(string? ContentType, byte[] Bytes, string Kind);

/// <summary>
/// What the fuzz run draws from. Each list is open: a new kind of garbage is one more entry, and every route gets it.
/// Values for URLs are written already percent-encoded, so that what is sent is exactly what is listed.
/// </summary>
public static class FuzzInputs
{
    /// <summary>Route and query values that no handler should take at face value.</summary>
    public static readonly IReadOnlyList<string> GarbageValues =
    [
        "%00", "a%00b", "%ED%A0%80", "%ED%B0%80x", "%FF%FE", "%C3%28", "%C0%AF", "%F0%9F%98%80", "%E2%80%AE", "%EF%BB%BF",
        "%", "%ZZ", "%2", "..", "%2E%2E", "%2F", "a%2Fb", "%5C", "%20", "%09", "%0D%0A", "%7F", "~", ".", "-", "_",
        "4n0such1tem000000000000000", "-1", "0", "1", "2147483647", "2147483648", "9223372036854775807", "99999999999999999999",
        "1e400", "1.5", "0x10", "%2B5", "%205", "NaN", "Infinity", "true", "null", "undefined", "%7B%7D", "%5B%5D",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201%3D1--", "CON", "%24", "*", "%22",
        new string('a', 3000), string.Concat(Enumerable.Repeat("%C3%A9", 500)),
    ];

    /// <summary>Hostile JSON values put in place of a value of a valid body.</summary>
    public static readonly IReadOnlyList<string> JsonFragments =
    [
        "\"\\ud800\"", "\"x\\udfff\"", "\"\\udc00\\ud800\"", "\"a\\u0000b\"", "\"\\u0000\"", "\"\"", "\"   \"", "\"\\u202eevil\"",
        "\"\\ud83d\\ude00\"", "\"<script>alert(1)</script>\"", "\"../../../etc/passwd\"", "\"" + new string('a', 20_000) + "\"",
        "\"" + string.Concat(Enumerable.Repeat("\\u00e9", 3000)) + "\"", "\"2024-13-45T99:99:99Z\"", "\"0001-01-01T00:00:00Z\"",
        "\"9999-12-31T23:59:59Z\"", "\"-1\"", "\"NaN\"", "\"%00\"",
        "1e400", "-1e400", "1e-400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775808",
        "2147483648", "-2147483649", "-1", "0", "-0", "1.5", "4.9e-324",
        "true", "false", "null", "[]", "{}", "[null]", "[1,\"a\",{}]", "{\"a\":{\"b\":{\"c\":[]}}}", "[[[[[[[[[[]]]]]]]]]]",
    ];

    /// <summary>Whole bodies that are not what any endpoint reads.</summary>
    public static readonly IReadOnlyList<string> JsonDocuments =
    [
        "", " ", "null", "[]", "\"x\"", "1", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":1}/*c*/", "{\"a\":1} {\"b\":2}",
        "\uFEFF{}", "{\"a\":1}\u0000", new string('[', 2000), string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100),
    ];

    public static readonly IReadOnlyList<string> JsonContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16",
        "application/vnd.api+json", "text/json", "text/plain", "application/json; charset=\"", "application/", ";;;", "*/*",
    ];

    /// <summary>Headers that a handler or a middleware reads, with values they should refuse or ignore, never fail on.</summary>
    public static readonly IReadOnlyList<(string Name, string[] Values)> Headers =
    [
        ("Cms-Seq", ["abc", "-1", "1.5", "0x10", "", " 1", "99999999999999999999", "0", "1"]),
        ("Cookie", ["cms-seq=abc", "cms-seq=99999999999999999999", "cms-seq=-5", "cms.auth=garbage", ".AspNetCore.Antiforgery.x=%00", "a", "=;=;"]),
        ("If-Match", ["\"", "W/", "*", "\"a\", \"b\"", "garbage", "\"\"", "W/\"x\"", new string('"', 300)]),
        ("If-None-Match", ["\"", "*", "W/\"x\", garbage", "\"\"", "\u00e9"]),
        ("If-Modified-Since", ["yesterday", "Mon, 99 Jan 2024 99:99:99 GMT", "0", "Thu, 01 Jan 1970 00:00:00 GMT"]),
        ("If-Unmodified-Since", ["yesterday", "Fri, 31 Dec 9999 23:59:59 GMT"]),
        ("Range", ["bytes=abc", "bytes=0-0", "bytes=-1", "bytes=99999999999999999999-", "items=0-1", "bytes=5-1", "bytes=0-1,2-3,4-5", "bytes="]),
        ("If-Range", ["garbage", "\"x\"", "Mon, 01 Jan 2024 00:00:00 GMT"]),
        ("Accept-Encoding", ["gzip;q=abc", "br;q=NaN", "*;q=2", ",,,", "identity;q=0", "gzip;q=0.5, br;q=1.0", "x-unknown", "br;q=-1"]),
        ("Accept", ["application/json;q=abc", "*/*;q=-1", "text/html", "application/xml", "garbage/", ""]),
        ("Authorization", ["Bearer garbage", "Bearer " + new string('A', 5000), "Basic YWRtaW46eA==", "Bearer", "Bearer %00", "Negotiate x"]),
        ("Preview-Token", ["garbage", new string('x', 600), "%00", ""]),
        ("Accept-Language", ["zz-ZZ;q=abc", "*", "fr-FR,fr;q=0.9"]),
        ("X-Forwarded-For", ["garbage", "999.999.999.999"]),
        ("Host", ["example.org", "[::1]", "a:99999", "localhost:1"]),
    ];

    public static readonly IReadOnlyList<string> OddMethods = ["PATCH", "OPTIONS", "TRACE", "FOO", "HEAD", "PUT", "DELETE", "POST", "GET"];

    /// <summary>Query and form names any handler may read, besides those its route lists.</summary>
    public static readonly IReadOnlyList<string> CommonNames =
    [
        "page", "pageSize", "q", "category", "categorie", "index", "indexName", "query", "type", "status", "owner", "version", "previewToken",
        "folder", "path", "force", "moveTo", "after", "limit", "width", "height", "rmode", "format", "quality", "rxy", "token", "sort",
        "prefix", "from", "to", "v", "returnUrl", "m", "handler", "id", "name", "slug", "position", "comment", "publishAt", "act",
        "basedOn", "dirty", "userName", "email", "password", "role", "alt", "caption", "credit", "state", "author",
        "TitlePart.Title", "AutoroutePart.Path", "HtmlBodyPart.Html", "Article.Subtitle", "Article.Category", "Article.Tags",
        "Article.Image", "Article.Image.Alt", "Article.Breaking", "Fiche.Note", "Fiche.Echeance", "Fiche.Image",
    ];

    /// <summary>Valid values by the name they are sent under (route value, query, form field), from the run's own data.</summary>
    public static IReadOnlyDictionary<string, string[]> ValidValues(FuzzSeed seed) => new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["contentItemId"] = [seed.DraftId, seed.PublishedId, seed.FicheId, seed.CategoryId, "4c4t3g0r1e5000000000000000"],
        ["id"] = [seed.DraftId, seed.PublishedId, seed.FicheId, "new", seed.Author.Id, seed.AdminId, seed.CategoryId],
        ["linkId"] = [seed.PreviewLinkId],
        ["token"] = [seed.PreviewToken],
        ["previewToken"] = [seed.PreviewToken],
        ["name"] = ["articles", "articles-latest", "news", "Rubrique"],
        ["path"] = [seed.MediaPath, seed.PublishedPath, "journal.css"],
        ["asset"] = ["journal.css", "favicon.svg"],
        ["slug"] = [seed.CategorySlug, "defense", "ukraine"],
        ["page"] = ["1", "2"],
        ["pageSize"] = ["10", "100"],
        ["q"] = ["koursk", "soldat*", "\"nord coréens\"", "-mot", "AND"],
        ["category"] = ["defense", seed.CategoryId],
        ["categorie"] = ["defense"],
        ["index"] = ["articles", "articles-latest"],
        ["indexName"] = ["articles", "articles-latest"],
        ["query"] = ["""{"query":{"match_all":{}}}""", """{"query":{"term":{"Content.ContentItem.ContentType":"Article"}},"size":5}"""],
        ["type"] = ["Article", "Fiche", "Page"],
        ["status"] = ["Draft", "InReview", "Scheduled", "Published"],
        ["state"] = ["Draft", "Published"],
        ["owner"] = [seed.Author.UserName, seed.Author.Id],
        ["author"] = [seed.Author.UserName],
        ["version"] = ["latest", "published"],
        ["folder"] = ["", Path.GetDirectoryName(seed.MediaPath)!.Replace('\\', '/')],
        ["force"] = ["true", "false"],
        ["moveTo"] = [seed.CategoryId],
        ["after"] = ["0", "5"],
        ["limit"] = ["10"],
        ["width"] = ["160", "320"],
        ["height"] = ["160"],
        ["rmode"] = ["crop", "pad", "max", "boxpad"],
        ["format"] = ["webp", "jpeg", "png"],
        ["quality"] = ["80"],
        ["rxy"] = ["0.5,0.5", "0.1,0.9"],
        ["sort"] = ["relevance", "date", "oldest"],
        ["prefix"] = ["true", "false"],
        ["from"] = [seed.DraftVersionId, seed.PublishedVersionId],
        ["to"] = [seed.DraftVersionId, seed.PublishedVersionId],
        ["basedOn"] = [seed.DraftVersionId],
        ["v"] = ["1"],
        ["returnUrl"] = ["/admin", "//evil.example", "javascript:alert(1)"],
        ["m"] = ["saved", "created"],
        ["act"] = ["save", "submit", "publish", "schedule", "reject", "unpublish", "nothing"],
        ["position"] = ["0", "1"],
        ["publishAt"] = ["2031-01-01T08:00", "demain"],
        ["comment"] = ["Revoir le titre"],
        ["dirty"] = ["1"],
        ["transition"] = ["submit", "publish"],
        ["userName"] = ["fuzz-user"],
        ["email"] = ["fuzz@example.org"],
        ["password"] = ["Str0ng-Password!", "x"],
        ["role"] = ["Author", "Editor", "Administrator", "Nobody"],
        ["TitlePart.Title"] = ["Un titre"],
        ["Article.Category"] = [seed.CategoryId],
        ["Fiche.Note"] = ["3", "1e400"],
        ["Fiche.Image"] = [seed.MediaPath],
    };

    /// <summary>A valid JSON body of the kind <paramref name="route"/> reads (or any kind, sometimes), with one fault put in.</summary>
    public static FuzzBody Json(Random random, FuzzRoute route, FuzzSeed seed)
    {
        var contentType = Pick(random, JsonContentTypes);
        switch (random.Next(10))
        {
            case 0:
                return new FuzzBody(contentType, Encoding.UTF8.GetBytes(Pick(random, JsonDocuments)), "json document");
            case 1:
                var bytes = Encoding.UTF8.GetBytes(Template(random, route, seed).ToJsonString());
                var cut = random.Next(bytes.Length);
                return new FuzzBody(contentType, bytes[..cut], $"json cut at {cut}");
        }
        var template = Template(random, route, seed);
        var (parent, key) = PickSlot(random, template);
        switch (random.Next(4))
        {
            case 0 when parent is JsonObject obj && key is string name:
            {
                // The same key twice: which value is meant?
                obj["FUZZ-DUPLICATE-KEY"] = "FUZZ-VALUE";
                var fragment = random.Next(2) == 0 ? obj[name]?.ToJsonString() ?? "null" : Pick(random, JsonFragments);
                var text = template.ToJsonString().Replace("\"FUZZ-DUPLICATE-KEY\"", JsonSerializer.Serialize(name)).Replace("\"FUZZ-VALUE\"", fragment);
                return new FuzzBody(contentType, Encoding.UTF8.GetBytes(text), $"json duplicate key {name}");
            }
            case 1:
            {
                // Bytes that are not UTF-8, inside a string.
                Set(parent, key, "FUZZ-BYTES");
                var text = Encoding.UTF8.GetBytes(template.ToJsonString());
                var marker = Encoding.UTF8.GetBytes("FUZZ-BYTES");
                byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]];
                var at = text.AsSpan().IndexOf(marker);
                byte[] body = [.. text[..at], .. invalid[random.Next(invalid.Length)], .. text[(at + marker.Length)..]];
                return new FuzzBody(contentType, body, "json invalid utf-8");
            }
            default:
            {
                var fragment = Pick(random, JsonFragments);
                Set(parent, key, "FUZZ-VALUE");
                var text = template.ToJsonString().Replace("\"FUZZ-VALUE\"", fragment);
                return new FuzzBody(contentType, Encoding.UTF8.GetBytes(text), $"json value {Excerpt(fragment)} at {key}");
            }
        }
    }

    /// <summary>An url-encoded form of the names the route reads, with valid values and garbage.</summary>
    public static FuzzBody Form(Random random, FuzzRoute route, FuzzSeed seed)
    {
        var valid = ValidValues(seed);
        var fields = new List<string>();
        var count = random.Next(10) == 0 ? 1100 : random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            var name = random.Next(3) > 0 && route.Names.Count > 0 ? Pick(random, route.Names) : Pick(random, CommonNames);
            fields.Add(Uri.EscapeDataString(name) + "=" + Value(random, name, valid));
        }
        switch (random.Next(6))
        {
            case 0: fields.Add(Pick<string>(random, ["%", "=", "&&&", "a=%ZZ", "%00=1", "=%00", new string('k', 3000) + "=1", "a=" + new string('v', 100_000)])); break;
            case 1: fields.Insert(0, "\uFEFF"); break;
        }
        var contentType = Pick<string>(random, ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=\""]);
        return new FuzzBody(contentType, Encoding.UTF8.GetBytes(string.Join('&', fields)), $"form of {count} fields");
    }

    /// <summary>A multipart body: no boundary, a bad boundary, broken framing, or fields and files holding NUL and bad bytes.</summary>
    public static FuzzBody Multipart(Random random, FuzzRoute route, FuzzSeed seed)
    {
        const string boundary = "fuzz-boundary-7Mq";
        switch (random.Next(8))
        {
            case 0: return new FuzzBody("multipart/form-data", Encoding.UTF8.GetBytes("--x\r\n\r\nvalue\r\n--x--"), "multipart without boundary");
            case 1: return new FuzzBody("multipart/form-data; boundary=", Encoding.UTF8.GetBytes("garbage"), "multipart with an empty boundary");
            case 2: return new FuzzBody("multipart/form-data; boundary=" + new string('b', 100), Encoding.UTF8.GetBytes("garbage"), "multipart with a too long boundary");
            case 3: return new FuzzBody("multipart/mixed; boundary=" + boundary, Encoding.UTF8.GetBytes($"--{boundary}\r\n\r\nx\r\n--{boundary}--\r\n"), "multipart/mixed");
        }
        var valid = ValidValues(seed);
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var name = random.Next(3) > 0 && route.Names.Count > 0 ? Pick(random, route.Names) : Pick(random, CommonNames);
            Write($"--{boundary}\r\n");
            if (random.Next(8) > 0) Write($"Content-Disposition: form-data; name=\"{name}\"\r\n");
            if (random.Next(10) == 0) Write("X-Long: " + new string('h', 20_000) + "\r\n");
            Write("\r\n");
            body.Write(random.Next(3) switch
            {
                0 => [0x61, 0x00, 0x62],
                1 => [0xFF, 0xED, 0xA0, 0x80],
                _ => Encoding.UTF8.GetBytes(Uri.UnescapeDataString(Value(random, name, valid))),
            });
            Write("\r\n");
        }
        if (random.Next(2) == 0)
        {
            var fileName = Pick<string>(random, ["photo.jpg", "a\0b.jpg", "../../etc/passwd", "", new string('n', 500) + ".png", "\u00e9t\u00e9.JPG", "x.gif"]);
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: image/jpeg\r\n\r\n");
            body.Write(random.Next(4) switch
            {
                0 => TestImages.Jpeg(16, 16),
                1 => TestImages.PngHeaderClaiming(100_000, 100_000),
                2 => [],
                _ => RandomBytes(random, random.Next(1, 2000)),
            });
            Write("\r\n");
        }
        var complete = random.Next(5) > 0;
        if (complete) Write($"--{boundary}--\r\n");
        return new FuzzBody($"multipart/form-data; boundary={boundary}", body.ToArray(), complete ? "multipart form" : "multipart form without its end");
    }

    /// <summary>Bytes of no particular kind, under a content type or none.</summary>
    public static FuzzBody Bytes(Random random, FuzzRoute route, FuzzSeed seed) =>
        new(Pick<string?>(random, [null, "application/octet-stream", "text/plain", "application/xml", "image/jpeg", "garbage"]),
            random.Next(4) == 0 ? Encoding.UTF8.GetBytes("<x>&undefined;</x>") : RandomBytes(random, random.Next(0, 3000)), "bytes");

    /// <summary>The body makers, in the proportions they are used (JSON bodies are what most endpoints read).</summary>
    public static readonly IReadOnlyList<Func<Random, FuzzRoute, FuzzSeed, FuzzBody>> Bodies = [Json, Json, Json, Json, Form, Form, Multipart, Multipart, Bytes];

    /// <summary>A value for <paramref name="name"/>, percent-encoded: a valid one when there is one, else garbage.</summary>
    public static string Value(Random random, string name, IReadOnlyDictionary<string, string[]> valid) =>
        valid.TryGetValue(name, out var values) && random.Next(2) == 0 ? Uri.EscapeDataString(Pick(random, values)) : Pick(random, GarbageValues);

    public static T Pick<T>(Random random, IReadOnlyList<T> list) => list[random.Next(list.Count)];

    /// <summary>A body made for the route (the templates with the longest prefix of its pattern), or, a time in four, any.</summary>
    private static JsonObject Template(Random random, FuzzRoute route, FuzzSeed seed)
    {
        var matching = seed.JsonTemplates.Where(t => route.Text.StartsWith(t.RoutePrefix, StringComparison.Ordinal)).ToList();
        var longest = matching.Count == 0 ? 0 : matching.Max(t => t.RoutePrefix.Length);
        var candidates = matching.Count == 0 || random.Next(4) == 0 ? seed.JsonTemplates : matching.Where(t => t.RoutePrefix.Length == longest).ToList();
        return Pick(random, candidates).Body.DeepClone().AsObject();
    }

    /// <summary>A place in the tree (an object's key or an array's index) to put a fault.</summary>
    private static (JsonNode Parent, object Key) PickSlot(Random random, JsonObject root)
    {
        var slots = new List<(JsonNode, object)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        slots.Add((obj, name));
                        Walk(value);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add((array, i));
                        Walk(array[i]);
                    }
                    break;
            }
        }
        Walk(root);
        return slots.Count == 0 ? (root, "x") : slots[random.Next(slots.Count)];
    }

    private static void Set(JsonNode parent, object key, string value)
    {
        if (parent is JsonObject obj) obj[(string)key] = value;
        else parent.AsArray()[(int)key] = value;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Excerpt(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

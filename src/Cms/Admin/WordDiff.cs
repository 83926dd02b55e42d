using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Cms.Admin;

/// <summary>A word-level diff of two values for display: removed words in &lt;del&gt;, added ones in &lt;ins&gt;, all text encoded.</summary>
internal static partial class WordDiff
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(JsonNode? from, JsonNode? to)
    {
        // A list (the authors' names, term ids) is compared item by item: "Camille Roux, <ins>Marc Petit</ins>".
        if ((from is JsonArray || to is JsonArray) && from is JsonArray or null && to is JsonArray or null) return Render(Items(from), Items(to), ", ");
        return Render(Words(Text(from)), Words(Text(to)), " ");
    }

    private static string Render(string[] a, string[] b, string separator)
    {
        // Longest common subsequence over words; article fields are short enough for the quadratic table.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var tokens = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                tokens.Add(Encoder.Encode(a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                tokens.Add("<del>" + Encoder.Encode(a[x]) + "</del>");
                x++;
            }
            else
            {
                tokens.Add("<ins>" + Encoder.Encode(b[y]) + "</ins>");
                y++;
            }
        }
        return string.Join(separator, tokens);
    }

    private static string[] Items(JsonNode? list) =>
        list is JsonArray array ? array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? "").ToArray() : [];

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => WebUtility.HtmlDecode(Tags().Replace(s, " ")),
        _ => node.ToJsonString(),
    };

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}

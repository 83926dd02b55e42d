using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Search;

/// <summary>Drives /api/search and waits, with a deadline, for the index to show a change.</summary>
public static class SearchClient
{
    public static async Task<JsonObject> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/search?" + query);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Search {query} failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static string Q(string words) => "q=" + Uri.EscapeDataString(words);

    public static IReadOnlyList<string> Ids(JsonObject results) =>
        results["items"]!.AsArray().Select(i => i!["contentItemId"]!.GetValue<string>()).ToList();

    /// <summary>Searches until <paramref name="until"/> holds or the deadline passes; returns the last answer and how long it took.</summary>
    public static async Task<(JsonObject Results, TimeSpan Elapsed)> WaitForAsync(HttpClient client, string query, Func<JsonObject, bool> until, TimeSpan? deadline = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = deadline ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            var results = await SearchAsync(client, query);
            if (until(results) || clock.Elapsed > limit) return (results, clock.Elapsed);
            await Task.Delay(20);
        }
    }

    public static async Task<string> PublishedArticleAsync(CmsHost host, HttpClient editor, string title, string body, string category = "international", string? subtitle = "Le chapeau.")
    {
        var categoryId = await Articles.CategoryIdAsync(editor, category);
        var created = await Articles.CreateAsync(editor, Articles.New(title, categoryId, body, subtitle));
        var id = created["ContentItemId"]!.GetValue<string>();
        var published = await Articles.TransitionAsync(editor, id, "publish");
        if (!published.IsSuccessStatusCode) throw new InvalidOperationException($"Publish failed: {await published.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>A word no other test uses, so that each test finds only its own articles.</summary>
    public static string UniqueWord() => "zq" + new string(Guid.NewGuid().ToString("n").Where(char.IsLetter).Take(8).ToArray());
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

public sealed record SiteArticle(string Id, string VersionId, string Path, string Title)
{
    public string Url => "/" + Path;
}

/// <summary>Makes articles in every editorial state through the content API, and reads the public site.</summary>
public static class SiteArticles
{
    /// <summary>A title no other test uses, so that a page showing it shows this test's article.</summary>
    public static string UniqueTitle(string words) => $"{words} {Guid.NewGuid().ToString("n")[..8]}";

    public static async Task<SiteArticle> DraftAsync(HttpClient editor, string title, string categorySlug = "culture", Action<JsonObject>? edit = null)
    {
        var article = Articles.New(title, await Articles.CategoryIdAsync(editor, categorySlug));
        edit?.Invoke(article);
        var created = await Articles.CreateAsync(editor, article);
        return new SiteArticle(created["ContentItemId"]!.GetValue<string>(), created["ContentItemVersionId"]!.GetValue<string>(),
            created["AutoroutePart"]!["Path"]!.GetValue<string>(), title);
    }

    public static async Task<SiteArticle> PublishedAsync(HttpClient editor, string title, string categorySlug = "culture", Action<JsonObject>? edit = null)
    {
        var draft = await DraftAsync(editor, title, categorySlug, edit);
        await TransitionAsync(editor, draft.Id, "publish");
        return draft;
    }

    public static async Task<JsonObject> TransitionAsync(HttpClient editor, string id, string transition, object? body = null)
    {
        var response = await Articles.TransitionAsync(editor, id, transition, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{transition} failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<string> CreateCategoryAsync(HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/categories", new { name });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"No category: {body}");
        return body!["slug"]!.GetValue<string>();
    }

    public static async Task<string> HtmlAsync(HttpClient reader, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await reader.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}\n{html}");
        return html;
    }
}

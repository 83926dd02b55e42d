using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cms.Tests.Support;

/// <summary>Builds article JSON in Orchard Core's shape and drives the content API.</summary>
public static class Articles
{
    public const string CategoriesTaxonomyId = "4c4t3g0r1e5000000000000000";

    public static async Task<string> CategoryIdAsync(HttpClient client, string slug)
    {
        var list = await client.GetFromJsonAsync<JsonObject>("/api/categories");
        return list!["items"]!.AsArray().First(i => i!["slug"]!.GetValue<string>() == slug)!["contentItemId"]!.GetValue<string>();
    }

    public static JsonObject New(string title, string categoryId, string body = "<p>Texte de l’article.</p>", string? subtitle = "Le chapeau.") => new()
    {
        ["ContentType"] = "Article",
        ["TitlePart"] = new JsonObject { ["Title"] = title },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = body },
        ["Article"] = new JsonObject
        {
            ["Subtitle"] = new JsonObject { ["Text"] = subtitle },
            ["Category"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(categoryId) },
        },
    };

    public static async Task<JsonObject> CreateAsync(HttpClient client, JsonObject article)
    {
        var response = await client.PostAsync("/api/content", Json(article));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Create failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static Task<HttpResponseMessage> TransitionAsync(HttpClient client, string id, string transition, object? body = null) =>
        client.PostAsync($"/api/content/{id}/{transition}", body is null ? null : JsonContent.Create(body));

    public static async Task<HttpResponseMessage> SaveAsync(HttpClient client, string id, string basedOnVersionId, JsonObject article)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/content/{id}") { Content = Json(article) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{basedOnVersionId}\"");
        return await client.SendAsync(request);
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}

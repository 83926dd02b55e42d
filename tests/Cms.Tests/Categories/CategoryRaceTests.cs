using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Categories;

/// <summary>
/// A category deleted while articles using it are being saved: either the delete wins and no article keeps the
/// deleted category, or an article wins and the delete is refused because the category is in use. Never both.
/// </summary>
public sealed class CategoryRaceTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_category_delete_and_article_saves_using_it_never_both_succeed()
    {
        using var admin = await Host.AdminClientAsync();
        var outcomes = new List<(HttpStatusCode Delete, int Created)>();
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var response = await admin.PostAsJsonAsync("/api/categories", new { name = $"Éphémère {attempt} {Guid.NewGuid():n}" });
            var category = (await response.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();

            var saves = Enumerable.Range(0, 4).Select(i => admin.PostAsync("/api/content", Articles.Json(Articles.New($"Dans l’éphémère {attempt}.{i}", category)))).ToList();
            var delete = admin.DeleteAsync($"/api/categories/{category}");
            var results = await Task.WhenAll(saves);
            var deleted = await delete;

            var created = results.Count(r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"save answered {(int)r.StatusCode}"));
            Assert.True(deleted.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, $"delete answered {(int)deleted.StatusCode}");
            if (deleted.StatusCode == HttpStatusCode.NoContent) Assert.Equal(0, created);
            else Assert.True(created > 0, "the delete was refused as in use, yet no article uses the category");
            foreach (var refused in results.Where(r => r.StatusCode == HttpStatusCode.BadRequest))
            {
                Assert.Contains("is not a term of", await refused.Content.ReadAsStringAsync());
            }
            outcomes.Add((deleted.StatusCode, created));
        }
        // Both orders happen over the attempts; what matters is that no attempt had both.
        Assert.Equal(12, outcomes.Count);
    }
}

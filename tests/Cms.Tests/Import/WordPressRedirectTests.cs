using System.Net;
using System.Text.Json.Nodes;
using Cms.Import;
using Cms.Tests.Support;

namespace Cms.Tests.Import;

/// <summary>A moved newsroom's old addresses keep working: 301s to the new ones, ahead of the page cache.</summary>
public sealed class WordPressRedirectTests
{
    [Fact]
    public async Task Old_WordPress_addresses_answer_301_to_the_new_ones_and_follow_a_later_slug_change()
    {
        await using var host = await CmsHost.StartAsync();
        using var admin = await host.AdminClientAsync();
        await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Journal), WordPressExports.Uploads());
        using var reader = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        // The home page in the page cache first: /?p=201 must not be answered with it.
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/")).StatusCode);

        await AssertRedirectAsync(reader, "/2024/03/15/municipales-la-gauche-presente-sa-liste/", "/municipales-la-gauche-presente-sa-liste");
        await AssertRedirectAsync(reader, "/?p=201", "/municipales-la-gauche-presente-sa-liste");
        await AssertRedirectAsync(reader, "/?p=201&utm_source=newsletter", "/municipales-la-gauche-presente-sa-liste");
        await AssertRedirectAsync(reader, "/?page_id=301", "/mentions-legales");
        await AssertRedirectAsync(reader, "/mentions-legales/", "/mentions-legales");
        await AssertRedirectAsync(reader, "/category/politique-locale/", "/categorie/politique-locale");
        await AssertRedirectAsync(reader, "/category/politique-locale/feed/", "/categorie/politique-locale/rss");
        await AssertRedirectAsync(reader, "/tag/%C3%A9lections/", "/tag/elections");
        await AssertRedirectAsync(reader, "/tag/municipales-2026/", "/tag/municipales-2026");
        await AssertRedirectAsync(reader, "/feed/", "/rss");
        await AssertRedirectAsync(reader, "/author/mdupont/", "/");
        await AssertRedirectAsync(reader, "/wp-content/uploads/2024/03/stade.jpg", "/media/2024/03/stade.jpg");
        await AssertRedirectAsync(reader, "/wp-content/uploads/2024/03/stade-300x200.jpg", "/media/2024/03/stade.jpg");
        // The site's own route answers /tag/<slug> already; a draft has no public address to send anyone to.
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/tag/municipales-2026")).StatusCode);
        Assert.NotEqual(HttpStatusCode.MovedPermanently, (await reader.GetAsync("/?p=202")).StatusCode);

        var id = (await WordPressExports.TargetOfAsync(host, "journal.example.fr", ImportedKinds.Post, 201))!;
        var post = await WordPressExports.LatestAsync(admin, id);
        post["AutoroutePart"] = new JsonObject { ["Path"] = "la-gauche-lyonnaise-devoile-sa-liste" };
        var saved = await Articles.SaveAsync(admin, id, post["ContentItemVersionId"]!.GetValue<string>(), post);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var published = await Articles.TransitionAsync(admin, id, "publish");
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        await AssertRedirectAsync(reader, "/?p=201", "/la-gauche-lyonnaise-devoile-sa-liste");
        await AssertRedirectAsync(reader, "/2024/03/15/municipales-la-gauche-presente-sa-liste/", "/la-gauche-lyonnaise-devoile-sa-liste");
    }

    private static async Task AssertRedirectAsync(HttpClient client, string from, string to)
    {
        var response = await client.GetAsync(from);
        Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{from}: {(int)response.StatusCode}");
        Assert.Equal(to, response.Headers.Location?.OriginalString);
    }
}

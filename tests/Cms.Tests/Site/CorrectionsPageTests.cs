using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;

namespace Cms.Tests.Site;

/// <summary>Public corrections at the end of the article and in its JSON-LD; "updated" only for a correction or a major update.</summary>
public sealed partial class CorrectionsPageTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_published_correction_is_listed_with_its_french_date_and_marked_up_and_dates_the_update()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Le budget de la ville"), "politique");
        // Dates are shown to the second: the correction comes later than that.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await CorrectAsync(admin, article, a => a["CorrectionsPart"] = new JsonObject { ["PendingNote"] = "Le budget est de 3 millions d’euros, non de 30." });
        var live = await Articles.ReadAsync(await admin.GetAsync($"/api/content/{article.Id}"));
        var noteUtc = live["CorrectionsPart"]!["Notes"]![0]!["PublishedUtc"]!.GetValue<DateTime>();
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        var paris = TimeZoneInfo.ConvertTimeFromUtc(noteUtc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var day = paris.Day == 1 ? "1er" : paris.Day.ToString();
        Assert.Matches($"Rectificatif du <time datetime=\"[^\"]+\">{day} {paris.ToString("MMMM yyyy", new System.Globalization.CultureInfo("fr-FR"))}</time> :</strong> Le budget est de 3 millions d’euros, non de 30.", html);
        var jsonLd = JsonLd(html);
        var correction = Assert.Single(jsonLd["correction"]!.AsArray())!;
        Assert.Equal("CorrectionComment", correction["@type"]!.GetValue<string>());
        Assert.Equal("Le budget est de 3 millions d’euros, non de 30.", correction["text"]!.GetValue<string>());
        Assert.Equal(correction["datePublished"]!.GetValue<string>(), jsonLd["dateModified"]!.GetValue<string>());
        Assert.NotEqual(jsonLd["datePublished"]!.GetValue<string>(), jsonLd["dateModified"]!.GetValue<string>());
        Assert.Contains($"<meta property=\"article:modified_time\" content=\"{jsonLd["dateModified"]!.GetValue<string>()[..19]}", html);
    }

    [Fact]
    public async Task A_silent_fix_leaves_the_modified_date_at_the_publication_and_shows_no_update()
    {
        using var admin = await Host.AdminClientAsync();
        var article = await SiteArticles.PublishedAsync(admin, SiteArticles.UniqueTitle("Une coquille corrigée"), "politique");
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await CorrectAsync(admin, article, a => a["HtmlBodyPart"]!["Html"] = "<p>Texte sans coquille.</p>");
        using var reader = Host.CreateClient();

        var html = await SiteArticles.HtmlAsync(reader, article.Url);

        var jsonLd = JsonLd(html);
        Assert.Contains("Texte sans coquille.", html);
        Assert.Equal(jsonLd["datePublished"]!.GetValue<string>(), jsonLd["dateModified"]!.GetValue<string>());
        Assert.Null(jsonLd["correction"]);
        Assert.DoesNotContain("mis à jour le", html);
        Assert.DoesNotContain("Rectificatif", html);
    }

    private static async Task CorrectAsync(HttpClient admin, SiteArticle article, Action<JsonObject> edit)
    {
        var current = await Articles.ReadAsync(await admin.GetAsync($"/api/content/{article.Id}?version=latest"));
        var next = Articles.New(article.Title, await Articles.CategoryIdAsync(admin, "politique"));
        edit(next);
        (await Articles.SaveAsync(admin, article.Id, current["ContentItemVersionId"]!.GetValue<string>(), next)).EnsureSuccessStatusCode();
        await SiteArticles.TransitionAsync(admin, article.Id, "publish");
    }

    private static JsonNode JsonLd(string html) => JsonNode.Parse(JsonLdScript().Match(html).Groups[1].Value)!;

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdScript();
}

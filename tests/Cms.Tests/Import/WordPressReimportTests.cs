using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Data;
using Cms.Import;
using Cms.Import.WordPress;
using Microsoft.Extensions.DependencyInjection;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cms.Tests.Import;

/// <summary>An import run again: on the same export, a newer one, after edits here, and after being killed halfway.</summary>
public sealed class WordPressReimportTests
{
    private const string Journal = "journal.example.fr";

    [Fact]
    public async Task Running_the_same_export_twice_changes_nothing_the_second_time()
    {
        await using var host = await CmsHost.StartAsync();
        var uploads = WordPressExports.Uploads();
        await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Journal), uploads);
        var versions = await WordPressExports.CountAsync<ContentItemVersion>(host);
        var feed = await WordPressExports.CountAsync<ChangeFeedEntry>(host);
        var media = await WordPressExports.CountAsync<Cms.Media.MediaAsset>(host);
        var users = await WordPressExports.CountAsync<CmsUser>(host);

        var again = await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Journal), uploads);

        Assert.All(again.Counts.Values, c => Assert.Equal(0, c.Imported + c.Updated + c.Kept));
        Assert.Equal(5, again.Counts["post"].Unchanged);
        Assert.Equal(3, again.Counts["author"].Unchanged);
        Assert.Equal(versions, await WordPressExports.CountAsync<ContentItemVersion>(host));
        Assert.Equal(feed, await WordPressExports.CountAsync<ChangeFeedEntry>(host));
        Assert.Equal(media, await WordPressExports.CountAsync<Cms.Media.MediaAsset>(host));
        Assert.Equal(users, await WordPressExports.CountAsync<CmsUser>(host));
    }

    [Fact]
    public async Task A_newer_export_updates_what_changed_adds_what_is_new_and_leaves_an_item_edited_here_alone_unless_overwritten()
    {
        await using var host = await CmsHost.StartAsync();
        using var admin = await host.AdminClientAsync();
        var uploads = WordPressExports.Uploads();
        await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Journal), uploads);
        var derbyId = (await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 203))!;
        var derby = await WordPressExports.LatestAsync(admin, derbyId);
        derby["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Corrigé par la rédaction ici.</p>" };
        var saved = await Articles.SaveAsync(admin, derbyId, derby["ContentItemVersionId"]!.GetValue<string>(), derby);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var newer = WordPressExports.CopyOf(WordPressExports.Journal, xml => xml
            .Replace("Le vote aura lieu en mars.", "Le vote aura lieu en mars 2026.")
            .Replace("Le match se jouera à guichets fermés.", "Le match se jouera à huis clos.")
            .Replace("<wp:post_id>301</wp:post_id>", "<wp:post_id>302</wp:post_id>")
            .Replace("<wp:post_name><![CDATA[mentions-legales]]></wp:post_name>", "<wp:post_name><![CDATA[contact]]></wp:post_name>"));

        var report = await WordPressExports.ImportAsync(host, newer, uploads);

        Assert.Equal(1, report.Counts["post"].Updated);
        Assert.Equal(1, report.Counts["post"].Kept);
        Assert.Contains(report.Kept, k => k.Id == "203");
        Assert.Equal(1, report.Counts["page"].Imported);
        var postId = (await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 201))!;
        var post = await WordPressExports.LatestAsync(admin, postId);
        Assert.Contains("Le vote aura lieu en mars 2026.", post["HtmlBodyPart"]!["Html"]!.GetValue<string>());
        Assert.Equal("Published", post["Status"]!.GetValue<string>());
        Assert.Equal(new DateTime(2024, 3, 15, 10, 30, 0, DateTimeKind.Utc), post["PublishedUtc"]!.GetValue<DateTime>());
        var history = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{postId}/history");
        Assert.Equal(2, history!["versions"]!.AsArray().Count);
        Assert.Equal(2, history["audit"]!.AsArray().Count(a => a!["action"]!.GetValue<string>() == "Imported"));
        Assert.Contains("Corrigé par la rédaction ici.", (await WordPressExports.LatestAsync(admin, derbyId))["HtmlBodyPart"]!["Html"]!.GetValue<string>());

        var overwritten = await WordPressExports.ImportAsync(host, newer, uploads, overwrite: true);

        Assert.Equal(1, overwritten.Counts["post"].Updated);
        Assert.Contains("Le match se jouera à huis clos.", (await WordPressExports.LatestAsync(admin, derbyId))["HtmlBodyPart"]!["Html"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_be_imported_and_writes_nothing()
    {
        await using var host = await CmsHost.StartAsync();
        var versions = await WordPressExports.CountAsync<ContentItemVersion>(host);

        var report = await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Journal), WordPressExports.Uploads(), dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal(5, report.Counts["post"].Imported);
        Assert.Equal(versions, await WordPressExports.CountAsync<ContentItemVersion>(host));
        Assert.Equal(0, await WordPressExports.CountAsync<ImportedItem>(host));
    }
}

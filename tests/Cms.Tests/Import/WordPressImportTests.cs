using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Import;
using Cms.Import.WordPress;
using Cms.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Import;

/// <summary>A WordPress newsroom moved in: each WXR version, every mapping, and the files it refuses.</summary>
public sealed class WordPressImportTests
{
    private const string Journal = "journal.example.fr";

    [Fact]
    public async Task A_WXR_1_2_export_brings_in_authors_terms_media_posts_and_pages_through_the_lifecycle()
    {
        await using var host = await CmsHost.StartAsync();
        using var admin = await host.AdminClientAsync();

        var report = await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Journal), WordPressExports.Uploads());

        Assert.Equal("1.2", report.WxrVersion);
        Assert.Equal(Journal, report.Site);
        // Authors: Author role, display name kept, no password; the export's "admin" is taken here and gets a suffix.
        Assert.Equal(3, report.Counts["author"].Imported);
        Assert.Contains(report.Notes, n => n.Kind == "author" && n.Id == "admin" && n.Reason.Contains("'admin-wp'"));
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CmsUser>>();
            var marie = await users.FindByNameAsync("mdupont");
            Assert.NotNull(marie);
            Assert.Equal("Marie Dupont", marie.DisplayName);
            Assert.Null(marie.PasswordHash);
            Assert.Equal(["Author"], await users.GetRolesAsync(marie));
            Assert.NotNull(await users.FindByNameAsync("admin-wp"));
        }
        var signIn = await host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "mdupont", ["password"] = "",
        }));
        Assert.False(signIn.IsSuccessStatusCode);

        // Categories and tags: slugs kept (decoded), merged by slug.
        var categories = (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray();
        Assert.Contains(categories, c => c!["slug"]!.GetValue<string>() == "politique-locale" && c["name"]!.GetValue<string>() == "Politique locale");
        // A sub-category stays under its parent (wp:category_parent).
        var sports = categories.Single(c => c!["slug"]!.GetValue<string>() == "sports-lyon")!["contentItemId"]!.GetValue<string>();
        Assert.Equal(sports, categories.Single(c => c!["slug"]!.GetValue<string>() == "football-lyon")!["parentContentItemId"]!.GetValue<string>());
        // "élections" is a tag of the site already: merged with it, not made twice.
        Assert.Equal(1, report.Counts["tag"].Imported);
        Assert.Contains(report.Notes, n => n.Kind == "tag" && n.Reason.Contains("merged with the existing term 'elections'"));

        // Media: the files from the uploads folder, alt text and caption kept; the missing one reported.
        var stadePath = await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Attachment, 101);
        Assert.Equal("2024/03/stade.jpg", stadePath);
        var info = await admin.GetFromJsonAsync<JsonObject>($"/api/media/info?path={stadePath}");
        Assert.Equal("La tribune nord pleine de supporters", info!["alt"]!.GetValue<string>());
        Assert.Equal("La tribune nord, un soir de derby.", info["caption"]!.GetValue<string>());
        Assert.Equal(["2024/02/plan-tram.jpg"], report.MissingFiles);

        // The published post: fields by role, body converted, original date, author kept.
        var postId = await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 201);
        var post = await WordPressExports.LatestAsync(admin, postId!);
        Assert.Equal("Published", post["Status"]!.GetValue<string>());
        Assert.Equal(new DateTime(2024, 3, 15, 10, 30, 0, DateTimeKind.Utc), post["PublishedUtc"]!.GetValue<DateTime>());
        Assert.Equal("mdupont", post["Author"]!.GetValue<string>());
        Assert.Equal("municipales-la-gauche-presente-sa-liste", post["AutoroutePart"]!["Path"]!.GetValue<string>());
        Assert.Equal("La liste de gauche a été dévoilée jeudi, à deux ans du scrutin.", post["Article"]!["Subtitle"]!["Text"]!.GetValue<string>());
        Assert.Equal([post["Owner"]!.GetValue<string>()], post["Article"]!["Authors"]!["UserIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("mdupont", post["Article"]!["Authors"]!["UserNames"]![0]!.GetValue<string>());
        Assert.Null(post["Article"]!["Byline"]?["Text"]?.GetValue<string>());
        Assert.Equal("2024/03/stade.jpg", post["Article"]!["Image"]!["Paths"]![0]!.GetValue<string>());
        Assert.Single(post["Article"]!["Category"]!["TermContentItemIds"]!.AsArray());
        Assert.Equal(2, post["Article"]!["Tags"]!["TermContentItemIds"]!.AsArray().Count);
        var html = post["HtmlBodyPart"]!["Html"]!.GetValue<string>();
        Assert.Contains("<p>La liste a été présentée jeudi soir, place des Terreaux.<br>", html);
        Assert.Contains("<p>Le programme tient en <strong>trois priorités</strong> : logement, transports et écoles.</p>", html);
        Assert.True(html.Contains("<figure><img src=\"/media/2024/03/stade.jpg\" alt=\"La tribune nord\""), html);
        Assert.Contains("<figcaption>La tribune nord, jeudi soir.</figcaption></figure>", html);
        Assert.Contains("src=\"/media/2024/03/stade.jpg\"", html);
        Assert.DoesNotContain("stade-300x200", html);
        Assert.Contains("<figure><a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">", html);
        Assert.DoesNotContain("<iframe", html);
        Assert.Contains("<blockquote><p>Nous voulons une ville pour tous.</p></blockquote>", html);
        Assert.Equal(1, report.UnknownShortcodes["gallery"]);
        Assert.Equal(1, report.Embeds);
        var page = await host.CreateClient().GetAsync("/municipales-la-gauche-presente-sa-liste");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // Gutenberg: block comments gone, no automatic paragraphs; an empty post_name gives a slug from the title.
        var tourId = await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 202);
        var tour = await WordPressExports.LatestAsync(admin, tourId!);
        Assert.Equal("Draft", tour["Status"]!.GetValue<string>());
        Assert.Equal("le-tour-de-france-passe-par-lyon", tour["AutoroutePart"]!["Path"]!.GetValue<string>());
        var tourHtml = tour["HtmlBodyPart"]!["Html"]!.GetValue<string>();
        Assert.DoesNotContain("wp:", tourHtml);
        Assert.Contains("src=\"/media/2024/03/mairie.png\"", tourHtml);
        Assert.Contains(report.EditorialWarnings, w => w.Id == "202" && w.Reason.Contains("without alt text"));

        // Statuses by kind: pending → review, future → scheduled at its date, private → draft (reported), trash and auto-draft skipped.
        var derby = await WordPressExports.LatestAsync(admin, (await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 203))!);
        Assert.Equal("InReview", derby["Status"]!.GetValue<string>());
        var finale = await WordPressExports.LatestAsync(admin, (await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 204))!);
        Assert.Equal("Scheduled", finale["Status"]!.GetValue<string>());
        Assert.Equal(new DateTime(2031, 6, 1, 18, 0, 0, DateTimeKind.Utc), finale["PublishAtUtc"]!.GetValue<DateTime>());
        var note = await WordPressExports.LatestAsync(admin, (await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Post, 205))!);
        Assert.Equal("Draft", note["Status"]!.GetValue<string>());
        Assert.Contains(report.Notes, n => n.Id == "205" && n.Reason.Contains("private"));
        Assert.Contains(report.Skipped, s => s.Id == "206" && s.Reason.Contains("trash"));
        Assert.Contains(report.Skipped, s => s.Id == "207" && s.Reason.Contains("auto-draft"));
        Assert.Equal(5, report.Counts["post"].Imported);

        // Pages go to the recipe's Page type; comments and menus are counted, not imported.
        var legal = await WordPressExports.LatestAsync(admin, (await WordPressExports.TargetOfAsync(host, Journal, ImportedKinds.Page, 301))!);
        Assert.Equal("Page", legal["ContentType"]!.GetValue<string>());
        Assert.Contains("<p>Éditeur : Le Journal de Lyon SAS.</p>", legal["HtmlBodyPart"]!["Html"]!.GetValue<string>());
        Assert.Equal(1, report.NotImported["comment"]);
        Assert.Equal(1, report.NotImported["nav_menu_item"]);

        // Every change came through the lifecycle with the import's source: audit "Imported" and feed entries.
        var history = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{postId}/history");
        Assert.Contains(history!["audit"]!.AsArray(), h => h!["action"]?.GetValue<string>() == "Imported");
        Assert.True(await WordPressExports.CountAsync<Cms.Changes.ChangeFeedEntry>(host,
            q => q.Where(e => e.ContentItemId == postId && e.Source == "import" && e.Event == "content.published")) == 1);
    }

    [Fact]
    public async Task A_WXR_1_1_export_keeps_its_author_terms_featured_image_and_paragraphs()
    {
        await using var host = await CmsHost.StartAsync();
        using var admin = await host.AdminClientAsync();

        var report = await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Hebdo), WordPressExports.Uploads());

        Assert.Equal("1.1", report.WxrVersion);
        var post = await WordPressExports.LatestAsync(admin, (await WordPressExports.TargetOfAsync(host, "hebdo.example.fr", ImportedKinds.Post, 32))!);
        Assert.Equal("Published", post["Status"]!.GetValue<string>());
        Assert.Equal("cbernard", post["Author"]!.GetValue<string>());
        Assert.Equal("cbernard", post["Article"]!["Authors"]!["UserNames"]![0]!.GetValue<string>());
        Assert.Equal("Quinze centimètres à Autrans.", post["Article"]!["Subtitle"]!["Text"]!.GetValue<string>());
        Assert.Equal("2012/09/col.jpg", post["Article"]!["Image"]!["Paths"]![0]!.GetValue<string>());
        Assert.Equal("Le col de la Croix-Perrin enneigé", post["Article"]!["Image"]!["MediaTexts"]![0]!.GetValue<string>());
        var html = post["HtmlBodyPart"]!["Html"]!.GetValue<string>();
        Assert.Contains("<p>Il a neigé dès 1 200 mètres.<br>", html);
        Assert.Contains("src=\"/media/2012/09/col.jpg\"", html);
        Assert.Single(post["Article"]!["Tags"]!["TermContentItemIds"]!.AsArray());
    }

    [Fact]
    public async Task A_WXR_1_0_export_without_authors_or_term_ids_makes_its_authors_from_the_items()
    {
        await using var host = await CmsHost.StartAsync();
        using var admin = await host.AdminClientAsync();

        var report = await WordPressExports.ImportAsync(host, WordPressExports.PathOf(WordPressExports.Gazette));

        Assert.Equal("1.0", report.WxrVersion);
        Assert.Equal(1, report.Counts["author"].Imported);
        var post = await WordPressExports.LatestAsync(admin, (await WordPressExports.TargetOfAsync(host, "gazette.example.fr", ImportedKinds.Post, 12))!);
        Assert.Equal("yleguen", post["Author"]!.GetValue<string>());
        Assert.Equal("Published", post["Status"]!.GetValue<string>());
        Assert.Single(post["Article"]!["Tags"]!["TermContentItemIds"]!.AsArray());
        var categories = (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray();
        Assert.Contains(categories, c => c!["slug"]!.GetValue<string>() == "mer");
        Assert.Equal("<p>Des rafales à 140 km/h ont été relevées à la pointe Saint-Mathieu.</p>\n<p>Les ferries pour Ouessant sont restés à quai.</p>",
            post["HtmlBodyPart"]!["Html"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_export_is_refused_whole_and_nothing_is_written()
    {
        await using var host = await CmsHost.StartAsync();
        // Cut short after the authors and the first items: a reader that wrote as it went would have made users and media.
        var broken = WordPressExports.CopyOf(WordPressExports.Journal, xml => xml[..xml.IndexOf("<wp:post_id>201", StringComparison.Ordinal)]);
        var users = await WordPressExports.CountAsync<CmsUser>(host);

        var error = await Assert.ThrowsAsync<WxrFormatException>(() => WordPressExports.ImportAsync(host, broken, WordPressExports.Uploads()));

        Assert.Contains("not well-formed XML", error.Message);
        Assert.Equal(users, await WordPressExports.CountAsync<CmsUser>(host));
        Assert.Equal(0, await WordPressExports.CountAsync<ImportedItem>(host));
        Assert.Equal(0, await WordPressExports.CountAsync<Cms.Media.MediaAsset>(host));
    }

    [Fact]
    public async Task An_rss_feed_that_is_not_a_WordPress_export_is_refused_by_the_command_with_a_clear_message()
    {
        var dataPath = CmsHost.NewDataPath();
        var feed = Path.Combine(Directory.CreateTempSubdirectory("wxr-").FullName, "feed.xml");
        await File.WriteAllTextAsync(feed, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Un flux</title><item><title>Un article</title></item></channel></rss>");
        try
        {
            var result = await CommandProcess.RunAsync(["import", "wordpress", feed], new Dictionary<string, string?> { ["Cms:DataPath"] = dataPath });

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("This is not a WordPress export", result.Error);
            Assert.Contains("Nothing was imported.", result.Error);
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
        }
    }

    [Fact]
    public async Task An_export_with_a_DTD_and_an_external_entity_is_refused_before_anything_is_read()
    {
        await using var host = await CmsHost.StartAsync();
        var secret = Path.Combine(Directory.CreateTempSubdirectory("xxe-").FullName, "secret.txt");
        await File.WriteAllTextAsync(secret, "mot-de-passe-secret");
        var xxe = WordPressExports.CopyOf(WordPressExports.Journal, xml => xml
            .Replace("<rss version=\"2.0\"", $"<!DOCTYPE rss [<!ENTITY secret SYSTEM \"file://{secret}\">]>\n<rss version=\"2.0\"")
            .Replace("<title>Le Journal de Lyon</title>", "<title>&secret;</title>"));

        var error = await Assert.ThrowsAsync<WxrFormatException>(() => WordPressExports.ImportAsync(host, xxe));

        Assert.Contains("DTD", error.Message);
        Assert.Contains("XXE", error.Message);
        Assert.Equal(0, await WordPressExports.CountAsync<ImportedItem>(host));
    }

    [Fact]
    public void Automatic_paragraphs_follow_wpautop()
    {
        Assert.Equal("<p>Une ligne<br />\nune autre</p>\n<p>Un paragraphe.</p>\n", WordPressHtml.AutoParagraphs("Une ligne\nune autre\n\nUn paragraphe."));
        Assert.Equal("<ul>\n<li>Un</li>\n</ul>\n<p>Après la liste.</p>\n", WordPressHtml.AutoParagraphs("<ul>\n<li>Un</li>\n</ul>\nAprès la liste."));
        Assert.Equal("<pre>a\n\nb</pre>\n", WordPressHtml.AutoParagraphs("<pre>a\n\nb</pre>"));
    }
}

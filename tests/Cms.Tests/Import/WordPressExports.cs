using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Import;
using Cms.Import.WordPress;
using Cms.Tests.Media;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Import;

/// <summary>The test exports (Fixtures/WordPress), an uploads folder made for them, and reads of what an import made.</summary>
public static class WordPressExports
{
    public const string Journal = "journal-wxr-1.2.xml";
    public const string Hebdo = "hebdo-wxr-1.1.xml";
    public const string Gazette = "gazette-wxr-1.0.xml";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "WordPress", name);

    /// <summary>A copy of an export in a folder of its own, with <paramref name="edit"/> applied (a newer export, a broken one).</summary>
    public static string CopyOf(string name, Func<string, string>? edit = null)
    {
        var folder = Directory.CreateTempSubdirectory("wxr-").FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, (edit ?? (s => s))(File.ReadAllText(PathOf(name))));
        return path;
    }

    /// <summary>A <c>wp-content/uploads</c> folder with the files the exports point to (plan-tram.jpg is left out on purpose).</summary>
    public static string Uploads()
    {
        var folder = Directory.CreateTempSubdirectory("wp-uploads-").FullName;
        Write(folder, "2024/03/stade.jpg", TestImages.Jpeg(600, 400));
        Write(folder, "2024/03/mairie.png", TestImages.Png(64, 48));
        Write(folder, "2012/09/col.jpg", TestImages.Jpeg(300, 200));
        return folder;
    }

    private static void Write(string folder, string relative, byte[] bytes)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public static async Task<ImportReport> ImportAsync(CmsHost host, string export, string? uploads = null, bool overwrite = false, bool dryRun = false)
    {
        var importer = host.Services.GetRequiredService<WordPressImporter>();
        return await importer.RunAsync(new WordPressImportOptions(export, uploads, dryRun, overwrite), null, CancellationToken.None);
    }

    /// <summary>What the import made of a WordPress id (a content item id, a media path, a user id), or null.</summary>
    public static async Task<string?> TargetOfAsync(CmsHost host, string site, string kind, long id)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.Set<ImportedItem>().Where(i => i.Site == site && i.Kind == kind && i.ForeignId == id).Select(i => i.TargetId).FirstOrDefaultAsync();
    }

    public static async Task<JsonObject> LatestAsync(HttpClient admin, string contentItemId)
    {
        var response = await admin.GetAsync($"/api/content/{contentItemId}?version=latest");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<int> CountAsync<T>(CmsHost host, Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await (filter ?? (q => q))(db.Set<T>()).CountAsync();
    }
}

/// <summary>A WXR 1.2 export of <c>count</c> generated posts by one author in one category, for runs that must take a while.</summary>
public static class GeneratedExport
{
    public static string Write(int count, string site)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wxr-big-").FullName, "export.xml");
        using var writer = new StreamWriter(path);
        writer.Write($"""
            <?xml version="1.0" encoding="UTF-8" ?>
            <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
            <title>Généré</title><link>https://{site}</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://{site}</wp:base_blog_url>
            <wp:author><wp:author_id>1</wp:author_id><wp:author_login>redac</wp:author_login><wp:author_display_name><![CDATA[La rédaction]]></wp:author_display_name></wp:author>
            <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>faits-divers</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Faits divers]]></wp:cat_name></wp:category>

            """);
        for (var i = 1; i <= count; i++)
        {
            writer.Write($"""
                <item><title>Article généré numéro {i}</title><link>https://{site}/2024/01/01/article-genere-{i}/</link><dc:creator>redac</dc:creator>
                <content:encoded><![CDATA[Premier paragraphe de l’article {i}.

                Second paragraphe.]]></content:encoded><excerpt:encoded><![CDATA[Chapeau {i}.]]></excerpt:encoded>
                <wp:post_id>{1000 + i}</wp:post_id><wp:post_date_gmt>2024-01-01 08:00:00</wp:post_date_gmt><wp:post_name>article-genere-{i}</wp:post_name>
                <wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="faits-divers"><![CDATA[Faits divers]]></category></item>

                """);
        }
        writer.Write("</channel>\n</rss>\n");
        return path;
    }
}

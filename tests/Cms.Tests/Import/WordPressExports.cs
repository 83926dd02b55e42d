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

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Cms.Import;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Import;

/// <summary>The admin's "Importer": an administrator uploads an export and its uploads zip, follows the run and reads its report.</summary>
public sealed class ImportAdminTests
{
    [Fact]
    public async Task An_administrator_uploads_an_export_and_its_uploads_zip_follows_the_run_and_reads_its_report()
    {
        await using var host = await CmsHost.StartAsync();
        using var session = await AdminSession.SignInAsync(host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var zip = ZipOf(WordPressExports.Uploads(), prefix: "wp-content/uploads/");

        var response = await UploadAsync(session, File.ReadAllBytes(WordPressExports.PathOf(WordPressExports.Journal)), zip);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var runPage = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/import/", runPage);
        string page = "";
        Assert.True(await Eventually.HoldsAsync(async () => (page = await session.Client.GetStringAsync(runPage)).Contains("Terminé"), seconds: 120), page);
        Assert.Contains("id=\"import-counts\"", page);
        Assert.Contains("<td>post</td><td>5</td>", page);
        // The uploads zip was used: its files are in the media library, the one it lacks is reported missing.
        Assert.Matches("<td>attachment</td><td>[1-9]", page);
        Assert.Contains("Fichiers manquants", page);
        Assert.Contains("plan-tram.jpg", page);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page);
        var list = await session.Client.GetStringAsync("/admin/import");
        Assert.Contains(runPage, list);
        Assert.Contains("journal-wxr-1.2.xml", list);
    }

    [Fact]
    public async Task An_author_is_refused_the_importer()
    {
        await using var host = await CmsHost.StartAsync();
        var author = await host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(host, author.UserName, "Str0ng-Password!");

        var page = await session.Client.GetAsync("/admin/import");
        var upload = await UploadAsync(session, "<rss/>"u8.ToArray(), zip: null, token: "");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/admin/denied", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal(0, await WordPressExports.CountAsync<ImportRun>(host));
    }

    [Fact]
    public async Task An_upload_over_the_configured_size_gets_413_and_leaves_nothing()
    {
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:Import:MaxUploadBytes"] = "4096" });
        using var session = await AdminSession.SignInAsync(host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await UploadAsync(session, new byte[20_000], zip: null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cms:Import:MaxUploadBytes", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await WordPressExports.CountAsync<ImportRun>(host));
        Assert.Empty(Directory.Exists(Path.Combine(host.DataPath, "imports")) ? Directory.GetFileSystemEntries(Path.Combine(host.DataPath, "imports")) : []);
    }

    [Fact]
    public async Task A_zip_with_an_entry_outside_its_folder_is_refused_and_nothing_is_written_there()
    {
        await using var host = await CmsHost.StartAsync();
        using var session = await AdminSession.SignInAsync(host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        using var bytes = new MemoryStream();
        using (var archive = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("../../evade.txt").Open();
            entry.Write("hors du dossier"u8);
        }

        var response = await UploadAsync(session, File.ReadAllBytes(WordPressExports.PathOf(WordPressExports.Journal)), bytes.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("../../evade.txt", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await WordPressExports.CountAsync<ImportRun>(host));
        Assert.False(File.Exists(Path.Combine(host.DataPath, "evade.txt")));
        Assert.False(File.Exists(Path.Combine(host.DataPath, "imports", "evade.txt")));
        Assert.Empty(Directory.Exists(Path.Combine(host.DataPath, "imports")) ? Directory.GetFileSystemEntries(Path.Combine(host.DataPath, "imports")) : []);
    }

    /// <summary>As the page's form sends it: the antiforgery token first, then the export and the zip.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(AdminSession session, byte[] export, byte[]? zip, string? token = null)
    {
        token ??= await session.AntiforgeryTokenAsync("/admin/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { Part(export, "application/xml"), ImportUpload.ExportField, "journal-wxr-1.2.xml" },
        };
        if (zip is not null) form.Add(Part(zip, "application/zip"), ImportUpload.UploadsField, "uploads.zip");
        return await session.Client.PostAsync(ImportUpload.Path, form);
    }

    private static ByteArrayContent Part(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static byte[] ZipOf(string folder, string prefix)
    {
        using var bytes = new MemoryStream();
        using (var archive = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                archive.CreateEntryFromFile(file, prefix + Path.GetRelativePath(folder, file).Replace('\\', '/'));
            }
        }
        return bytes.ToArray();
    }
}

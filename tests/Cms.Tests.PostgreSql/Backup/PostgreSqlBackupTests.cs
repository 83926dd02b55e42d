using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Backup;

/// <summary>
/// <c>backup</c> and <c>restore</c> on PostgreSQL: pg_dump's custom format in the archive, read from the snapshot the
/// manifest counts; pg_restore into an empty database only. Debian's postgresql-15 brings both tools.
/// </summary>
public sealed class PostgreSqlBackupTests
{
    [Fact]
    public async Task A_pg_dump_backup_restores_into_an_empty_database_with_items_history_media_and_keys()
    {
        var work = Directory.CreateTempSubdirectory("cms-pg-backup-tests-").FullName;
        var archive = Path.Combine(work, "site.zip");
        var restoredPath = CmsHost.NewDataPath();
        var server = await PostgresServer.GetAsync();
        string? restoredDatabase = null;
        try
        {
            await using var source = await CmsHost.StartAsync();
            using var author = await source.CreateUserAsync("Author");
            using var editor = await source.CreateUserAsync("Editor");
            using var admin = await source.AdminClientAsync();
            var category = await Articles.CategoryIdAsync(author.Client, "defense");
            var draft = await Articles.CreateAsync(author.Client, Articles.New("Un brouillon sur PostgreSQL", category));
            var story = await Articles.CreateAsync(author.Client, Articles.New("Une enquête sur PostgreSQL", category));
            Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(editor.Client, Id(story), "publish")).StatusCode);
            var image = TestImages.Png(32, 32);
            var mediaPath = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, image, "pg.png"));
            var history = await admin.GetStringAsync($"/api/content/{Id(story)}/history");
            var settings = new Dictionary<string, string?>
            {
                ["Cms:DataPath"] = source.DataPath,
                ["Cms:Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:Cms"] = source.ConnectionString,
            };

            var backup = await CommandProcess.RunAsync(["backup", archive], settings);

            Assert.True(backup.ExitCode == 0, backup.ToString());
            using (var zip = ZipFile.OpenRead(archive))
            {
                Assert.Equal("PostgreSql", JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!["provider"]!.GetValue<string>());
                var dump = new byte[5];
                await using (var stream = zip.GetEntry("database/cms.pgdump")!.Open()) await stream.ReadExactlyAsync(dump);
                Assert.Equal("PGDMP", Encoding.ASCII.GetString(dump));
                Assert.NotNull(zip.GetEntry($"media/{mediaPath}"));
            }

            // Into the source's own database: refused, naming it.
            var refused = await CommandProcess.RunAsync(["restore", archive], new Dictionary<string, string?>(settings) { ["Cms:DataPath"] = restoredPath });
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"the database {TestDatabase.NameFor(source.DataPath)} on 127.0.0.1:{server.Port} holds", refused.Error);

            restoredDatabase = await server.CreateDatabaseAsync(TestDatabase.NameFor(restoredPath));
            var restore = await CommandProcess.RunAsync(["restore", archive],
                new Dictionary<string, string?>(settings) { ["Cms:DataPath"] = restoredPath, ["ConnectionStrings:Cms"] = restoredDatabase });
            Assert.True(restore.ExitCode == 0, restore.ToString());

            await using var restored = await CmsHost.StartAsync(restoredPath);
            using var restoredAdmin = await restored.AdminClientAsync();
            Assert.Equal(history, await restoredAdmin.GetStringAsync($"/api/content/{Id(story)}/history"));
            using var reader = restored.CreateClient();
            Assert.Equal(image, await reader.GetByteArrayAsync($"/media/{mediaPath}"));
            using var sameAuthor = restored.CreateClient(author.Client.DefaultRequestHeaders.Authorization!.Parameter);
            Assert.Equal(HttpStatusCode.OK, (await sameAuthor.GetAsync($"/api/content/{Id(draft)}?version=latest")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/content/{Id(story)}")).StatusCode);
        }
        finally
        {
            if (restoredDatabase is not null) await server.DropDatabaseAsync(restoredDatabase);
            CmsHost.DeleteData(restoredPath);
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Id(JsonObject item) => item["ContentItemId"]!.GetValue<string>();
}

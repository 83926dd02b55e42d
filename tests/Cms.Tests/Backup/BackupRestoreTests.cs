using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Backup;

/// <summary>
/// <c>backup</c> and <c>restore</c>, run as the operator runs them (processes of their own) beside the running host:
/// what was there before comes back whole in a new data folder, and what was handed out before (tokens) still works.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_backup_taken_while_the_site_writes_restores_users_items_versions_audit_media_keys_and_search()
    {
        var work = Directory.CreateTempSubdirectory("cms-backup-tests-").FullName;
        var archive = Path.Combine(work, "site.zip");
        var restoredPath = CmsHost.NewDataPath();
        try
        {
            await using var source = await CmsHost.StartAsync();
            using var editor = await source.CreateUserAsync("Editor");
            using var author = await source.CreateUserAsync("Author");
            using var admin = await source.AdminClientAsync();
            var category = await Articles.CategoryIdAsync(author.Client, "defense");
            var word = "sauvegardex" + Guid.NewGuid().ToString("n")[..6];

            var draft = await Articles.CreateAsync(author.Client, Articles.New($"Un brouillon {word}", category));
            var story = await Articles.CreateAsync(author.Client, Articles.New($"Une enquête {word}", category));
            var storyId = Id(story);
            var saved = await Articles.ReadAsync(await Articles.SaveAsync(author.Client, storyId, Version(story), Articles.New($"Une enquête {word} complétée", category)));
            Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(author.Client, storyId, "submit")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Articles.TransitionAsync(editor.Client, storyId, "publish")).StatusCode);
            var correction = await Articles.SaveAsync(editor.Client, storyId, Version(saved), Articles.New($"Une enquête {word} corrigée", category));
            Assert.Equal(HttpStatusCode.OK, correction.StatusCode);
            var image = TestImages.Png(64, 48);
            var mediaPath = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, image, "enquete.png"));
            // A rendered variant and the search index are on disk now: neither belongs in the archive.
            Assert.Equal(HttpStatusCode.OK, (await source.CreateClient().GetAsync($"/media/{mediaPath}?width=160")).StatusCode);

            var histories = new Dictionary<string, string>();
            foreach (var id in new[] { Id(draft), storyId }) histories[id] = await admin.GetStringAsync($"/api/content/{id}/history");
            var published = await source.CreateClient().GetFromJsonAsync<JsonObject>($"/api/content/{storyId}");

            // The newsroom goes on writing while the backup runs.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var n = 0; n < 200 && !stop.IsCancellationRequested; n++) await Articles.CreateAsync(editor.Client, Articles.New($"Écrit pendant la sauvegarde {n}", category));
            });
            var backup = await CommandProcess.RunAsync(["backup", archive], new Dictionary<string, string?> { ["Cms:DataPath"] = source.DataPath });
            await stop.CancelAsync();
            await writer;
            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.Contains("Backed up to", backup.Output);

            using (var zip = ZipFile.OpenRead(archive))
            {
                var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
                Assert.Equal("Sqlite", manifest["provider"]!.GetValue<string>());
                Assert.True(manifest["counts"]!["users"]!.GetValue<long>() >= 3);
                Assert.Equal([mediaPath], manifest["media"]!["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
                Assert.Equal(["database/cms.db", "manifest.json", $"media/{mediaPath}"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            }

            var restore = await CommandProcess.RunAsync(["restore", archive], new Dictionary<string, string?> { ["Cms:DataPath"] = restoredPath });
            Assert.True(restore.ExitCode == 0, restore.ToString());

            await using var restored = await CmsHost.StartAsync(restoredPath);
            using var restoredAdmin = await restored.AdminClientAsync();
            foreach (var (id, history) in histories) Assert.Equal(history, await restoredAdmin.GetStringAsync($"/api/content/{id}/history"));
            using var reader = restored.CreateClient();
            Assert.Equal(published!.ToJsonString(), (await reader.GetFromJsonAsync<JsonObject>($"/api/content/{storyId}"))!.ToJsonString());
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/content/{Id(draft)}")).StatusCode);
            Assert.Equal(image, await reader.GetByteArrayAsync($"/media/{mediaPath}"));
            // A token issued by the first host before the backup: the restored keys still read it.
            using var sameAuthor = restored.CreateClient(author.Client.DefaultRequestHeaders.Authorization!.Parameter);
            var ownDraft = await sameAuthor.GetAsync($"/api/content/{Id(draft)}?version=latest");
            Assert.Equal(HttpStatusCode.OK, ownDraft.StatusCode);
            var users = await restoredAdmin.GetStringAsync("/api/users");
            Assert.Contains(author.UserName, users);
            Assert.Contains(editor.UserName, users);
            // The index was not in the archive: the restored host built it from the database.
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                var found = await reader.GetFromJsonAsync<JsonObject>($"/api/search?q={word}");
                return found!["items"]!.AsArray().Any(i => i!["contentItemId"]!.GetValue<string>() == storyId);
            }, seconds: 60), "The restored host's search did not find the published item.");
        }
        finally
        {
            CmsHost.DeleteData(restoredPath);
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_data_folder_that_holds_a_database_naming_it_and_leaves_it_alone()
    {
        var work = Directory.CreateTempSubdirectory("cms-backup-tests-").FullName;
        var archive = Path.Combine(work, "site.zip");
        try
        {
            await using var host = await CmsHost.StartAsync();
            var settings = new Dictionary<string, string?> { ["Cms:DataPath"] = host.DataPath };
            var backup = await CommandProcess.RunAsync(["backup", archive], settings);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            var database = Path.Combine(host.DataPath, "cms.db");
            // Written after the backup: a restore over this folder would lose it. (The file's time is no proof: the
            // running host checkpoints its journal into it whenever it likes.)
            using var admin = await host.AdminClientAsync();
            var category = await Articles.CategoryIdAsync(admin, "defense");
            var later = await Articles.CreateAsync(admin, Articles.New("Écrit après la sauvegarde", category));
            var laterId = later["ContentItemId"]!.GetValue<string>();

            var restore = await CommandProcess.RunAsync(["restore", archive], settings);

            Assert.True(restore.ExitCode == 1, restore.ToString());
            Assert.Contains($"holds a database ({database})", restore.Error);
            var kept = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{laterId}?version=latest");
            Assert.Equal("Écrit après la sauvegarde", kept!["TitlePart"]!["Title"]!.GetValue<string>());
            using var client = host.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_backup_never_replaces_an_existing_file()
    {
        var work = Directory.CreateTempSubdirectory("cms-backup-tests-").FullName;
        var archive = Path.Combine(work, "site.zip");
        await File.WriteAllTextAsync(archive, "a file of the operator's");
        try
        {
            await using var host = await CmsHost.StartAsync();

            var backup = await CommandProcess.RunAsync(["backup", archive], new Dictionary<string, string?> { ["Cms:DataPath"] = host.DataPath });

            Assert.True(backup.ExitCode == 1, backup.ToString());
            Assert.Contains($"{archive} already exists", backup.Error);
            Assert.Equal("a file of the operator's", await File.ReadAllTextAsync(archive));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Id(JsonObject item) => item["ContentItemId"]!.GetValue<string>();

    private static string Version(JsonObject item) => item["ContentItemVersionId"]!.GetValue<string>();
}

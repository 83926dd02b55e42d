using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Data;
using Cms.Import;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cms.Tests.Import;

/// <summary>The command-line import as an operator runs it: a process of its own beside the web host, and killed halfway.</summary>
public sealed class WordPressCommandTests
{
    [Fact]
    public async Task The_command_imports_beside_a_running_host_which_keeps_serving_reads_and_writes()
    {
        await using var host = await CmsHost.StartAsync();
        const int count = 400;
        const string site = "voisin.example.fr";
        var export = GeneratedExport.Write(count, site);
        using var reader = host.CreateClient();
        using var admin = await host.AdminClientAsync();
        var settings = host.CommandSettings();
        settings["Cms:Import:BatchSize"] = "50";
        var category = (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray()[0]!["contentItemId"]!.GetValue<string>();

        await using var import = CommandProcess.Start(["import", "wordpress", export], settings);
        var reads = 0;
        var writes = 0;
        while (!import.HasExited)
        {
            // Uncached reads that go to the database: the categories, and the published list the API pages through.
            var categories = await reader.GetAsync("/api/categories");
            Assert.True(categories.StatusCode == HttpStatusCode.OK, await categories.Content.ReadAsStringAsync());
            var list = await reader.GetAsync($"/api/content?page={1 + reads % 3}&pageSize=5");
            Assert.True(list.StatusCode == HttpStatusCode.OK, await list.Content.ReadAsStringAsync());
            reads++;
            if (writes < 3)
            {
                // The host's own writes wait for the batch in flight, at most.
                var created = await Articles.CreateAsync(admin, Articles.New($"Écrit pendant l’import {writes}", category));
                Assert.NotNull(created["ContentItemId"]);
                writes++;
            }
        }
        var result = await import.WaitAsync(TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(reads > 0, "The command ended before the host was read once.");
        Assert.Contains($"{count} imported", result.Output);
        // The command replaced its process with one compiling without dynamic PGO, keeping its output streams.
        Assert.Contains("dynamic PGO off (DOTNET_TieredPGO=0), as imports run.", result.Output);
        // The running host hears of the command's changes through the change feed.
        Assert.True(await Eventually.HoldsAsync(async () => (await reader.GetAsync($"/article-genere-{count}")).StatusCode == HttpStatusCode.OK, seconds: 60));
        var listed = await reader.GetFromJsonAsync<JsonObject>("/api/content?category=faits-divers&pageSize=1");
        Assert.Equal(count, listed!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_killed_halfway_and_run_again_finishes_without_duplicates()
    {
        await using var host = await CmsHost.StartAsync();
        const int count = 600;
        const string site = "gros.example.fr";
        var export = GeneratedExport.Write(count, site);
        Task<int> ImportedAsync() => WordPressExports.CountAsync<ImportedItem>(host, q => q.Where(i => i.Site == site && i.Kind == ImportedKinds.Post));
        var settings = host.CommandSettings();
        settings["Cms:Import:BatchSize"] = "20";

        await using (var first = CommandProcess.Start(["import", "wordpress", export], settings))
        {
            while (!first.HasExited && await ImportedAsync() < 40) await Task.Delay(20);
            await first.KillAsync();
        }
        var done = await ImportedAsync();
        Assert.InRange(done, 1, count - 1);
        // What the killed run committed is whole: each imported post has its one version, none half-written.
        Assert.Equal(done, await WordPressExports.CountAsync<ContentItemVersion>(host, q => q.Where(v => v.Latest && v.Path!.StartsWith("article-genere-"))));

        // An operator's own choice of dynamic PGO is kept as it is.
        settings["DOTNET_TieredPGO"] = "1";
        // A bound for a stuck process, not a speed target: the machine running the tests may be busy.
        await using var again = CommandProcess.Start(["import", "wordpress", export], settings);
        var second = await again.WaitAsync(TimeSpan.FromMinutes(10));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("DOTNET_TieredPGO=1, as set.", second.Output);
        Assert.Contains($"{count - done} imported, 0 updated, {done} unchanged", second.Output);
        Assert.Equal(count, await ImportedAsync());
        Assert.Equal(count, await WordPressExports.CountAsync<ContentItemVersion>(host, q => q.Where(v => v.Latest && v.Path!.StartsWith("article-genere-"))));
        Assert.Equal(count, await WordPressExports.CountAsync<ContentItemVersion>(host, q => q.Where(v => v.Path!.StartsWith("article-genere-"))));
        using var reader = host.CreateClient();
        Assert.True(await Eventually.HoldsAsync(async () => (await reader.GetAsync($"/article-genere-{count}")).StatusCode == HttpStatusCode.OK, seconds: 60));
    }
}

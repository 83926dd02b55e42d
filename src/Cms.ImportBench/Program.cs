using System.Diagnostics;
using System.Globalization;
using Cms.Changes;
using Cms.Commands;
using Cms.Data;
using Cms.Import.WordPress;
using Cms.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

// The WordPress import, measured: a generated export of --posts posts (default 10,000) with --attachments files (default
// 2,000) imported into a fresh host, until the search indexes have caught up; then the same export again (nothing to write).
// Targets: >= 500 posts/s with indexing and <= 500 MB peak memory; >= 5,000 posts/s for the second run.
var posts = Argument("--posts", 10_000);
var attachments = Argument("--attachments", 2_000);
Console.WriteLine($"Load average before: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
// As the import command runs (the project turns it off), unless DOTNET_TieredPGO says otherwise (the admin's importer, in the host: 1).
var pgo = Environment.GetEnvironmentVariable(DynamicPgo.Variable) is { } variable ? variable != "0" : AppContext.GetData("System.Runtime.TieredPGO") is not (false or "false");
Console.WriteLine($"Dynamic PGO: {(pgo ? "on, as in the web host (the admin's importer)" : "off, as the import command runs")}.");

var work = Directory.CreateTempSubdirectory("cms-importbench-").FullName;
try
{
    var (export, uploads) = Generate(work, posts, attachments);
    Console.WriteLine($"Export: {new FileInfo(export).Length / 1024 / 1024} MB, {posts} posts, {attachments} attachments.");
    var (app, _) = await BenchHost.StartAsync(Path.Combine(work, "data"));
    try
    {
        var importer = app.Services.GetRequiredService<WordPressImporter>();
        var clock = Stopwatch.StartNew();
        var cpu = CpuSeconds();
        // The JIT's share: a first import runs much code for the first time (EF Core's, Lucene's, the sanitizer's).
        var (jitted, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var (allocated, paused) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
        var passes = new PassClock(clock);
        var first = await importer.RunAsync(new WordPressImportOptions(export, uploads), passes, CancellationToken.None);
        var imported = clock.Elapsed;
        Console.WriteLine($"  pass 1 (authors, terms, {attachments} files): {passes.SecondPassAt.TotalSeconds:F1} s; pass 2 (posts): {(imported - passes.SecondPassAt).TotalSeconds:F1} s.");
        await WaitForSearchAsync(app.Services);
        var indexed = clock.Elapsed;
        Console.WriteLine($"First run: {first.Counts["post"].Imported} posts imported in {imported.TotalSeconds:F1} s, indexed by {indexed.TotalSeconds:F1} s "
            + $"= {posts / indexed.TotalSeconds:F0} posts/s with search indexing (target >= 500).");
        var firstCpu = CpuSeconds() - cpu;
        Console.WriteLine($"  CPU time of the process: {firstCpu:F1} s = {posts / firstCpu:F0} posts per CPU-second; load average {File.ReadAllText("/proc/loadavg").Trim()}.");
        Console.WriteLine($"  JIT: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} methods compiled in "
            + $"{(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:F1} s; "
            + $"{GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(1) - gen1} gen1, {GC.CollectionCount(2) - gen2} gen2 collections, "
            + $"{(GC.GetTotalAllocatedBytes() - allocated) / 1024 / 1024:N0} MiB allocated, paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F1} s.");
        Console.WriteLine($"Peak resident memory so far: {BenchHost.StatusKiB("VmHWM") / 1024} MB (target <= 500).");

        clock.Restart();
        cpu = CpuSeconds();
        var second = await importer.RunAsync(new WordPressImportOptions(export, uploads), null, CancellationToken.None);
        Console.WriteLine($"Second run: {second.Counts["post"].Unchanged} posts unchanged in {clock.Elapsed.TotalSeconds:F2} s "
            + $"= {posts / clock.Elapsed.TotalSeconds:F0} posts/s (target >= 5000).");
        var secondCpu = CpuSeconds() - cpu;
        Console.WriteLine($"  CPU time of the process: {secondCpu:F2} s = {posts / secondCpu:F0} posts per CPU-second.");
        Console.WriteLine($"Peak resident memory: {BenchHost.StatusKiB("VmHWM") / 1024} MB.");
    }
    finally
    {
        await BenchHost.StopAsync(app);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

// The machine may be shared: CPU time says what the import cost, whatever the other processes took.
static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

static async Task WaitForSearchAsync(IServiceProvider services)
{
    var indexer = services.GetRequiredService<SearchIndexer>();
    using var scope = services.CreateScope();
    var last = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Set<ChangeFeedEntry>().MaxAsync(e => (long?)e.Sequence) ?? 0;
    while (indexer.Position < last) await Task.Delay(100);
}

static (string Export, string Uploads) Generate(string folder, int posts, int attachments)
{
    var uploads = Path.Combine(folder, "uploads");
    using (var bitmap = new SKBitmap(64, 48))
    {
        bitmap.Erase(new SKColor(30, 90, 160));
        var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
        for (var i = 1; i <= attachments; i++)
        {
            var path = Path.Combine(uploads, "2024", $"{1 + i % 12:00}", $"photo-{i}.jpg");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, jpeg);
        }
    }
    var export = Path.Combine(folder, "export.xml");
    using var writer = new StreamWriter(export);
    writer.Write("""
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel><title>Banc d’essai</title><link>https://bench.example.fr</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example.fr</wp:base_blog_url>

        """);
    for (var a = 1; a <= 20; a++) writer.Write($"<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login>auteur{a}</wp:author_login><wp:author_display_name><![CDATA[Auteur {a}]]></wp:author_display_name></wp:author>\n");
    for (var c = 1; c <= 30; c++) writer.Write($"<wp:category><wp:term_id>{c}</wp:term_id><wp:category_nicename>rubrique-{c}</wp:category_nicename><wp:category_parent>{(c > 10 ? $"rubrique-{c % 10 + 1}" : "")}</wp:category_parent><wp:cat_name><![CDATA[Rubrique {c}]]></wp:cat_name></wp:category>\n");
    for (var t = 1; t <= 200; t++) writer.Write($"<wp:tag><wp:term_id>{1000 + t}</wp:term_id><wp:tag_slug>mot-{t}</wp:tag_slug><wp:tag_name><![CDATA[Mot {t}]]></wp:tag_name></wp:tag>\n");
    for (var i = 1; i <= attachments; i++)
    {
        writer.Write($"""
            <item><title>Photo {i}</title><dc:creator>auteur{1 + i % 20}</dc:creator><content:encoded><![CDATA[]]></content:encoded><excerpt:encoded><![CDATA[Légende {i}]]></excerpt:encoded>
            <wp:post_id>{i}</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
            <wp:attachment_url>https://bench.example.fr/wp-content/uploads/2024/{1 + i % 12:00}/photo-{i}.jpg</wp:attachment_url>
            <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Photo numéro {i}]]></wp:meta_value></wp:postmeta></item>

            """);
    }
    for (var p = 1; p <= posts; p++)
    {
        var image = 1 + p % attachments;
        writer.Write($"""
            <item><title>Dépêche {p} : la métropole vote son budget</title><link>https://bench.example.fr/2024/03/15/depeche-{p}/</link><dc:creator>auteur{1 + p % 20}</dc:creator>
            <content:encoded><![CDATA[Le conseil s’est réuni jeudi soir pour la dépêche {p}.
            Les élus ont débattu pendant trois heures.

            <img src="https://bench.example.fr/wp-content/uploads/2024/{1 + image % 12:00}/photo-{image}-300x200.jpg" alt="Photo" />

            Le vote final aura lieu en mars, a précisé la présidente.]]></content:encoded><excerpt:encoded><![CDATA[Chapeau de la dépêche {p}.]]></excerpt:encoded>
            <wp:post_id>{100000 + p}</wp:post_id><wp:post_date_gmt>2024-03-15 10:30:00</wp:post_date_gmt><wp:post_name>depeche-{p}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
            <category domain="category" nicename="rubrique-{1 + p % 30}"><![CDATA[Rubrique]]></category><category domain="post_tag" nicename="mot-{1 + p % 200}"><![CDATA[Mot]]></category>
            <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[{image}]]></wp:meta_value></wp:postmeta></item>

            """);
    }
    writer.Write("</channel>\n</rss>\n");
    return (export, uploads);
}

/// <summary>When the importer began its second pass (posts), from its progress reports.</summary>
internal sealed class PassClock(Stopwatch clock) : IProgress<ImportProgress>
{
    public TimeSpan SecondPassAt { get; private set; }

    public void Report(ImportProgress value)
    {
        if (value.Pass == 2 && SecondPassAt == TimeSpan.Zero) SecondPassAt = clock.Elapsed;
    }
}

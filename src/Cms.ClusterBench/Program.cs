using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.ClusterBench;
using Cms.Tests.Support;
using Npgsql;

// Cluster benchmark, run on demand (not in CI): dotnet run -c Release --project src/Cms.ClusterBench -- [publishes] [seconds]
// Needs Debian's postgresql-15 (a throwaway server is started, as the test suite does) and wrk. The nodes are child
// processes running src/Cms/bin/Release (built with this project), each with a data folder of its own.
//   (a) three nodes on one PostgreSQL database: articles created and published through node A, one at a time; nodes B
//       and C are polled every 5 ms on three channels until the article is there, timed from the publish answer;
//   (b) read throughput of one node on PostgreSQL and one on SQLite, with the site benchmark's wrk run;
//   (c) each node's memory after its runs.
var publishes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
const int warmUpPublishes = 20;
var pollEvery = TimeSpan.FromMilliseconds(5);
var giveUpAfter = TimeSpan.FromSeconds(10);
// The setup recipe's Koursk article: the route the site benchmark measures.
const string articleId = "4art1c1e0000000000000000a2";
const string articlePath = "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement";

var work = Path.Combine(Path.GetTempPath(), "cms-clusterbench-" + Guid.NewGuid().ToString("n")[..8]);
Console.WriteLine($"Cluster benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Commit()}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
var postgres = await PostgresServer.GetAsync();
Console.WriteLine($"PostgreSQL: a throwaway server from Debian's binaries on port {postgres.Port} (fsync off, as in the test suite); nodes' logs in {work}");
var memory = new List<(string Node, double Hwm, double Rss)>();
var running = new List<NodeProcess>();
try
{
    // (a) Three nodes, one database.
    var cluster = await PostgresSettingsAsync(postgres, "cms_cluster");
    running.AddRange(await Task.WhenAll(new[] { "A", "B", "C" }.Select(name => NodeProcess.StartAsync(name, Path.Combine(work, name), cluster))));
    var (a, b, c) = (running[0], running[1], running[2]);
    Console.WriteLine($"Nodes A, B, C up; {warmUpPublishes} publishes to warm up, then {publishes:N0} measured.");
    var propagation = await MeasurePropagationAsync(a, [b, c], publishes, warmUpPublishes, pollEvery, giveUpAfter);
    memory.AddRange(running.Select(n => ($"{n.Name} (cluster, after the publishes)", n.StatusMiB("VmHWM"), n.StatusMiB("VmRSS"))));
    await StopAllAsync(running);

    // (b) One node on PostgreSQL, one on SQLite, measured one at a time with the same wrk run as the site benchmark.
    running.Add(await NodeProcess.StartAsync("PostgreSQL", Path.Combine(work, "pg"), await PostgresSettingsAsync(postgres, "cms_single")));
    running.Add(await NodeProcess.StartAsync("SQLite", Path.Combine(work, "sqlite"), new Dictionary<string, string>()));
    var routes = new (string Name, string Path)[] { ("Article page", articlePath), ("API item", $"/api/content/{articleId}") };
    foreach (var node in running)
    {
        foreach (var route in routes) Wrk.Run(node.Address + route.Path, "-t2", "-c32", "-d3s");
    }
    // Two rounds, the order swapped in the second, so that a change in the machine's load touches both alike.
    var reads = new (double Rps, string P99)[routes.Length, running.Count, 2];
    for (var round = 0; round < 2; round++)
    {
        for (var r = 0; r < routes.Length; r++)
        {
            foreach (var n in round == 0 ? new[] { 0, 1 } : [1, 0]) reads[r, n, round] = Wrk.Run(running[n].Address + routes[r].Path, "-t2", "-c32", $"-d{seconds}s");
        }
    }
    memory.AddRange(running.Select(n => ($"{n.Name} (alone, after wrk)", n.StatusMiB("VmHWM"), n.StatusMiB("VmRSS"))));

    Console.WriteLine();
    Console.WriteLine($"(a) {publishes:N0} publishes through node A's API (create, then publish; one article at a time; {warmUpPublishes} before them not counted).");
    Console.WriteLine($"    From the create answer, B and C are each polled every {pollEvery.TotalMilliseconds:0} ms on the three channels (six pollers, no Cms-Seq);");
    Console.WriteLine("    a time runs from the publish answer to the first answer showing the article (0: it was there already).");
    Console.WriteLine();
    Console.WriteLine("| Channel, on nodes B and C | p50 | p99 | max | Already there at the answer | Target p50 / p99 | Met |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var (name, times) in propagation.Channels) Row(name, times);
    Row("All three channels pooled", propagation.Channels.SelectMany(ch => ch.Times).ToList());
    Row("Everywhere: per publish, the last of the six", propagation.Everywhere);
    Row("Everywhere, timed from the publish request (the write included; no target)", propagation.EverywhereFromRequest, target: false);
    Console.WriteLine();
    Console.WriteLine($"Publish answers on A (while the pollers run): p50 {BenchHost.Percentile(propagation.Writes, 0.5):0.0} ms, p99 {BenchHost.Percentile(propagation.Writes, 0.99):0.0} ms; " +
        $"not visible after {giveUpAfter.TotalSeconds:0} s: {propagation.Missed}.");

    Console.WriteLine();
    Console.WriteLine($"(b) wrk -t2 -c32 -d{seconds}s --latency on one node at a time (3 s warm-up runs first); req/s is the mean of two runs, p99 the worse.");
    Console.WriteLine();
    Console.WriteLine("| Route | PostgreSQL req/s | p99 | SQLite req/s | p99 | PostgreSQL / SQLite (target ≥ 90 %) |");
    Console.WriteLine("|---|---|---|---|---|---|");
    for (var r = 0; r < routes.Length; r++)
    {
        var (pg, lite) = (Mean(reads, r, 0), Mean(reads, r, 1));
        Console.WriteLine($"| {routes[r].Name} | {pg.Rps:0} ({reads[r, 0, 0].Rps:0} / {reads[r, 0, 1].Rps:0}) | {pg.P99} | " +
            $"{lite.Rps:0} ({reads[r, 1, 0].Rps:0} / {reads[r, 1, 1].Rps:0}) | {lite.P99} | {pg.Rps / lite.Rps:P0} |");
    }
    Console.WriteLine();
    Console.WriteLine("(c) Memory of each node, from /proc/<pid>/status after its runs.");
    Console.WriteLine();
    Console.WriteLine("| Node | VmHWM (peak) | VmRSS |");
    Console.WriteLine("|---|---|---|");
    foreach (var (node, hwm, rss) in memory) Console.WriteLine($"| {node} | {hwm:0} MiB | {rss:0} MiB |");
    Console.WriteLine();
    Console.WriteLine($"Load average at the end: {LoadAverage()}");
}
finally
{
    await StopAllAsync(running);
    // CMS_BENCH_KEEP=1 keeps the nodes' data folders and logs.
    if (Environment.GetEnvironmentVariable("CMS_BENCH_KEEP") == "1") Console.WriteLine($"Kept {work}");
    else if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
}

void Row(string name, IReadOnlyList<double> times, bool target = true)
{
    var (p50, p99) = (BenchHost.Percentile(times, 0.5), BenchHost.Percentile(times, 0.99));
    var already = (double)times.Count(t => t == 0) / times.Count;
    var met = !target ? "| | " : p50 <= 100 && p99 <= 1000 ? "| 100 ms / 1 s | yes " : "| 100 ms / 1 s | no ";
    Console.WriteLine($"| {name} | {p50:0.0} ms | {p99:0.0} ms | {times.Max():0} ms | {already:P0} {met}|");
}

static async Task<Propagation> MeasurePropagationAsync(NodeProcess writer, NodeProcess[] readers, int count, int warmUp, TimeSpan pollEvery, TimeSpan giveUpAfter)
{
    var token = await TokenAsync(writer.Http);
    var categories = await writer.Http.GetFromJsonAsync<JsonObject>("/api/categories");
    var category = categories!["items"]![0]!["contentItemId"]!.GetValue<string>();
    var channels = new (string Name, List<double> Times)[]
    {
        ("API item `GET /api/content/{id}` 200", []), ("Article page `GET /{path}` 200", []), ("Search `GET /api/search?q=<word>` finds it", []),
    };
    var result = new Propagation(channels, [], [], []);
    var run = Word(Random.Shared.Next(18 * 18 * 18), 3);
    for (var i = -warmUp; i < count; i++)
    {
        // A word of this run and this publish only, so that a search finds this article or nothing.
        var word = "zk" + run + Word(i + warmUp, 4);
        var (id, path) = await CreateAsync(writer.Http, token, category, word);
        // Readers ask before the publish too, as they would for a link shared early: what they were told (a 404 kept
        // in a node's cache) must give way once the node reads the change.
        using var giveUp = new CancellationTokenSource();
        var waits = readers.Select(reader => new[]
        {
            WaitUntilAsync(() => IsOkAsync(reader.Http, $"/api/content/{id}"), pollEvery, giveUp.Token),
            WaitUntilAsync(() => IsOkAsync(reader.Http, path), pollEvery, giveUp.Token),
            WaitUntilAsync(() => FindsAsync(reader.Http, word, id), pollEvery, giveUp.Token),
        }).ToList();
        var write = Stopwatch.GetTimestamp();
        await PublishAsync(writer.Http, token, id);
        var published = Stopwatch.GetTimestamp();
        giveUp.CancelAfter(giveUpAfter);
        var seen = await Task.WhenAll(waits.SelectMany(w => w));
        if (i < 0) continue;
        // Milliseconds from the publish answer; 0 when a reader already had it (the node read the change before A answered).
        var times = seen.Select(at => at == long.MaxValue ? double.PositiveInfinity : Math.Max(0, Stopwatch.GetElapsedTime(published, at).TotalMilliseconds)).ToArray();
        result.Writes.Add(Stopwatch.GetElapsedTime(write, published).TotalMilliseconds);
        for (var ch = 0; ch < channels.Length; ch++) channels[ch].Times.AddRange(times.Where((_, k) => k % channels.Length == ch));
        result.Everywhere.Add(times.Max());
        result.EverywhereFromRequest.Add(seen.Max() == long.MaxValue ? double.PositiveInfinity : Stopwatch.GetElapsedTime(write, seen.Max()).TotalMilliseconds);
        if (times.Any(double.IsPositiveInfinity)) result.Missed++;
        if ((i + 1) % 200 == 0) Console.WriteLine($"  {i + 1} publishes; the last one everywhere after {result.Everywhere[^1]:0.0} ms");
    }
    return result;
}

// When the first answer that showed the article arrived (a Stopwatch timestamp); long.MaxValue when none did in time.
static async Task<long> WaitUntilAsync(Func<Task<bool>> visible, TimeSpan pollEvery, CancellationToken giveUp)
{
    await Task.Yield();
    try
    {
        while (true)
        {
            if (await visible()) return Stopwatch.GetTimestamp();
            await Task.Delay(pollEvery, giveUp);
        }
    }
    catch (OperationCanceledException)
    {
        return long.MaxValue;
    }
}

static async Task<bool> IsOkAsync(HttpClient http, string path)
{
    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
    return response.StatusCode == HttpStatusCode.OK;
}

static async Task<bool> FindsAsync(HttpClient http, string word, string id)
{
    var answer = await http.GetFromJsonAsync<JsonObject>($"/api/search?q={word}");
    return answer!["items"]!.AsArray().Any(item => item!["contentItemId"]!.GetValue<string>() == id);
}

static async Task<string> TokenAsync(HttpClient http)
{
    using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "password", ["username"] = "admin", ["password"] = BenchHost.AdminPassword,
    }));
    return (await ReadJsonAsync(response))["access_token"]!.GetValue<string>();
}

static async Task<(string Id, string Path)> CreateAsync(HttpClient http, string token, string category, string word)
{
    var item = new JsonObject
    {
        ["ContentType"] = "Article",
        ["TitlePart"] = new JsonObject { ["Title"] = $"Essai de diffusion {word}" },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = $"<p>Le mot {word} n’apparaît que dans cet article.</p>" },
        ["Article"] = new JsonObject { ["Category"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(category) } },
    };
    using var create = new HttpRequestMessage(HttpMethod.Post, "/api/content") { Content = JsonContent.Create(item) };
    create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var created = await ReadJsonAsync(await http.SendAsync(create));
    return (created["ContentItemId"]!.GetValue<string>(), "/" + created["AutoroutePart"]!["Path"]!.GetValue<string>());
}

static async Task PublishAsync(HttpClient http, string token, string id)
{
    using var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{id}/publish");
    publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    await ReadJsonAsync(await http.SendAsync(publish));
}

static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
{
    using (response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}

// The nodes' settings for a new database on the throwaway server, with Npgsql's default pool (the test suite's is 8).
static async Task<Dictionary<string, string>> PostgresSettingsAsync(PostgresServer server, string database) => new()
{
    ["Cms__Database__Provider"] = "PostgreSql",
    ["ConnectionStrings__Cms"] = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync(database)) { MaxPoolSize = 100 }.ConnectionString,
};

static async Task StopAllAsync(List<NodeProcess> nodes)
{
    await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
    nodes.Clear();
}

// A number written with consonants only (no s or x, which the French stemmer strips), `length` letters long.
static string Word(int number, int length)
{
    const string letters = "bcdfghjklmnpqrtvwz";
    var chars = new char[length];
    for (var i = length - 1; i >= 0; i--, number /= letters.Length) chars[i] = letters[number % letters.Length];
    return new string(chars);
}

// The mean req/s of a node's two runs on a route, and the worse p99.
static (double Rps, string P99) Mean((double Rps, string P99)[,,] reads, int route, int node)
{
    var (first, second) = (reads[route, node, 0], reads[route, node, 1]);
    return ((first.Rps + second.Rps) / 2, Milliseconds(first.P99) >= Milliseconds(second.P99) ? first.P99 : second.P99);
}

// wrk's latencies: "3.21ms", "812.00us", "1.02s".
static double Milliseconds(string wrk) =>
    wrk.EndsWith("us", StringComparison.Ordinal) ? double.Parse(wrk[..^2], CultureInfo.InvariantCulture) / 1000
    : wrk.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(wrk[..^2], CultureInfo.InvariantCulture)
    : double.Parse(wrk[..^1], CultureInfo.InvariantCulture) * 1000;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static string Commit()
{
    using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, WorkingDirectory = Cms.CmsApp.FindContentRoot() })!;
    var commit = git.StandardOutput.ReadToEnd().Trim();
    git.WaitForExit();
    return commit;
}

internal sealed record Propagation((string Name, List<double> Times)[] Channels, List<double> Everywhere, List<double> EverywhereFromRequest, List<double> Writes)
{
    public int Missed { get; set; }
}

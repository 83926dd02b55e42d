using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.ClusterBench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Webhook benchmark, run on demand (not in CI): dotnet run -c Release --project src/Cms.WebhookBench -- [publishes] [burst]
// One node on SQLite as a child process (src/Cms/bin/Release, built with this project), so that it can be killed, and a
// webhook receiver in this process on a loopback port, subscribed to content.published.
//   (a) publish → received: articles published one at a time through the API, each timed from the publish request to
//       the arrival of its webhook; target p99 ≤ 1 s;
//   (b) kill -9 during a burst: `burst` drafts published by 8 concurrent clients; the node is killed (SIGKILL) once half
//       of them are answered, restarted on the same data folder, and the rest (and those whose answer was lost) are
//       published; target: every published article's webhook arrives (0 lost), and an article delivered twice is
//       delivered under one webhook-id.
var publishes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var burst = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
const int warmUp = 10;
const int clients = 8;
var giveUpAfter = TimeSpan.FromSeconds(180);

var work = Path.Combine(Path.GetTempPath(), "cms-webhookbench-" + Guid.NewGuid().ToString("n")[..8]);
Console.WriteLine($"Webhook benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Commit()}, {Environment.ProcessorCount} cores, load average {LoadAverage()}; node's log in {work}");
await using var receiver = await Receiver.StartAsync();
var settings = new Dictionary<string, string>
{
    ["Cms__Webhooks__AllowPrivateNetworks"] = "true",
    ["Cms__Webhooks__FirstRetryDelay"] = "00:00:00.500",
    ["Cms__Webhooks__MaxRetryDelay"] = "00:00:05",
};
var node = await NodeProcess.StartAsync("A", work, settings);
try
{
    var token = await TokenAsync(node.Http);
    var hook = await SendJsonAsync(node.Http, token, HttpMethod.Post, "/api/webhooks", new { url = receiver.Url, events = new[] { "content.published" } });
    var category = (await node.Http.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray()[0]!["contentItemId"]!.GetValue<string>();
    Console.WriteLine($"Node up (pid {node.Pid}), webhook {hook["id"]} to {receiver.Url}; {warmUp} publishes to warm up, then {publishes} measured.");

    // (a) One publish at a time, timed from the request to the webhook's arrival.
    var started = new Dictionary<string, long>();
    for (var i = 0; i < warmUp + publishes; i++)
    {
        var id = await CreateAsync(node.Http, token, category, $"Mesure {i}");
        var t0 = Stopwatch.GetTimestamp();
        await SendJsonAsync(node.Http, token, HttpMethod.Post, $"/api/content/{id}/publish", null);
        if (i >= warmUp) started[id] = t0;
    }
    var latencyMissed = await receiver.WaitForAsync(started.Keys, giveUpAfter);
    var latencies = started.Where(p => receiver.FirstArrival(p.Key) is not null)
        .Select(p => Stopwatch.GetElapsedTime(p.Value, receiver.FirstArrival(p.Key)!.Value).TotalMilliseconds).ToList();

    // (b) A burst, a kill -9 halfway, a restart on the same folder.
    var drafts = new ConcurrentQueue<string>();
    await Parallel.ForEachAsync(Enumerable.Range(0, burst), new ParallelOptions { MaxDegreeOfParallelism = clients },
        async (i, _) => drafts.Enqueue(await CreateAsync(node.Http, token, category, $"Rafale {i}")));
    var all = drafts.ToList();
    var answered = 0;
    var unsure = new ConcurrentBag<string>();
    var killed = 0;
    var burstClock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        while (Volatile.Read(ref killed) == 0 && drafts.TryDequeue(out var id))
        {
            try
            {
                await SendJsonAsync(node.Http, token, HttpMethod.Post, $"/api/content/{id}/publish", null);
                if (Interlocked.Increment(ref answered) >= burst / 2 && Interlocked.Exchange(ref killed, 1) == 0) node.Kill();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The node died with this request in flight: it may or may not have been published.
                unsure.Add(id);
            }
        }
    })));
    Console.WriteLine($"Killed (SIGKILL) after {answered} publish answers, {burstClock.Elapsed.TotalSeconds:0.0} s into the burst; {unsure.Count} request(s) in flight; restarting on the same folder.");
    await node.DisposeAsync();
    var restart = Stopwatch.StartNew();
    node = await NodeProcess.StartAsync("A", work, settings);
    Console.WriteLine($"Restarted (pid {node.Pid}) in {restart.Elapsed.TotalSeconds:0.0} s; publishing the {drafts.Count + unsure.Count} left.");
    token = await TokenAsync(node.Http);
    foreach (var id in drafts.Concat(unsure))
    {
        // 409: the request that was in flight had published it before the kill.
        using var response = await SendAsync(node.Http, token, HttpMethod.Post, $"/api/content/{id}/publish", null);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict) throw new InvalidOperationException($"Publish of {id}: {(int)response.StatusCode}");
    }
    var published = new List<string>();
    foreach (var id in all)
    {
        if ((await node.Http.GetAsync($"/api/content/{id}")).StatusCode == HttpStatusCode.OK) published.Add(id);
    }
    var lost = await receiver.WaitForAsync(published, giveUpAfter);
    var twice = published.Where(id => receiver.Arrivals(id).Count > 1).ToList();
    var twiceUnderTwoIds = twice.Where(id => receiver.Arrivals(id).Select(a => a.WebhookId).Distinct().Count() > 1).ToList();

    Console.WriteLine();
    Console.WriteLine($"(a) {publishes} publishes through the API, one at a time; time from the publish request to the webhook's arrival at the receiver.");
    Console.WriteLine();
    Console.WriteLine("| Measure | p50 | p99 | max | Not received | Target | Met |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    var p99 = latencies.Count == 0 ? double.NaN : BenchHost.Percentile(latencies, 0.99);
    Console.WriteLine($"| Publish → webhook received | {Ms(latencies, 0.5)} | {Ms(latencies, 0.99)} | {(latencies.Count == 0 ? "-" : $"{latencies.Max():0} ms")} | {latencyMissed} | p99 ≤ 1 s | {(p99 <= 1000 && latencyMissed == 0 ? "yes" : "no")} |");
    Console.WriteLine();
    Console.WriteLine($"(b) {burst} publishes by {clients} clients, kill -9 after {burst / 2} answers, restart, the rest published.");
    Console.WriteLine();
    Console.WriteLine("| Published | Webhooks received (distinct articles) | Lost | Delivered more than once | …under different webhook-ids | Target | Met |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    Console.WriteLine($"| {published.Count} | {published.Count(id => receiver.Arrivals(id).Count > 0)} | {lost} | {twice.Count} | {twiceUnderTwoIds.Count} | 0 lost, duplicates under one id | {(lost == 0 && twiceUnderTwoIds.Count == 0 && published.Count == burst ? "yes" : "no")} |");
}
finally
{
    await node.DisposeAsync();
    if (Environment.GetEnvironmentVariable("CMS_BENCH_KEEP") != "1") Directory.Delete(work, recursive: true);
}

static string Ms(List<double> values, double rank) => values.Count == 0 ? "-" : $"{BenchHost.Percentile(values, rank):0} ms";

static async Task<string> TokenAsync(HttpClient http)
{
    var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "password",
        ["username"] = "admin",
        ["password"] = BenchHost.AdminPassword,
    }));
    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
}

static async Task<string> CreateAsync(HttpClient http, string token, string category, string title)
{
    var item = new JsonObject
    {
        ["ContentType"] = "Article",
        ["TitlePart"] = new JsonObject { ["Title"] = $"{title} {Guid.NewGuid():n}" },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Un article du banc d’essai des webhooks.</p>" },
        ["Article"] = new JsonObject { ["Category"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(category) } },
    };
    return (await SendJsonAsync(http, token, HttpMethod.Post, "/api/content", item))["ContentItemId"]!.GetValue<string>();
}

static async Task<JsonObject> SendJsonAsync(HttpClient http, string token, HttpMethod method, string path, object? body)
{
    using var response = await SendAsync(http, token, method, path, body);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    return JsonNode.Parse(text)!.AsObject();
}

static async Task<HttpResponseMessage> SendAsync(HttpClient http, string token, HttpMethod method, string path, object? body)
{
    using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return await http.SendAsync(request);
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static string Commit()
{
    using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, WorkingDirectory = Cms.CmsApp.FindContentRoot() })!;
    var commit = git.StandardOutput.ReadToEnd().Trim();
    git.WaitForExit();
    return commit;
}

/// <summary>The webhook receiver: records when each content.published arrived, and under which webhook-id; answers 200.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string WebhookId, long At)>> _arrivals = new();

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var at = Stopwatch.GetTimestamp();
            var body = await JsonNode.ParseAsync(context.Request.Body);
            var id = body?["contentItemId"]?.GetValue<string>();
            if (id is not null) receiver._arrivals.GetOrAdd(id, _ => new()).Enqueue((context.Request.Headers["webhook-id"].ToString(), at));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/hook";
        return receiver;
    }

    public IReadOnlyList<(string WebhookId, long At)> Arrivals(string contentItemId) =>
        _arrivals.TryGetValue(contentItemId, out var queue) ? queue.ToList() : [];

    public long? FirstArrival(string contentItemId) => Arrivals(contentItemId) is { Count: > 0 } list ? list.Min(a => a.At) : null;

    /// <summary>Waits until every id has arrived, at most <paramref name="timeout"/>; returns how many never did.</summary>
    public async Task<int> WaitForAsync(IEnumerable<string> ids, TimeSpan timeout)
    {
        var wanted = ids.ToList();
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline && wanted.Any(id => !_arrivals.ContainsKey(id)); await Task.Delay(50))
        {
        }
        return wanted.Count(id => !_arrivals.ContainsKey(id));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

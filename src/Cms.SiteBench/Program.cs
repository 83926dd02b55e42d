using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Public site benchmark, run on demand (not in CI): dotnet run -c Release --project src/Cms.SiteBench [seconds]
// Then GraphQL against the REST list (the headless delivery issue's target).
// Needs wrk on the PATH (Debian: apt-get install -y wrk). Starts the real host on a temporary SQLite data folder with
// the setup recipe, and a bare Kestrel endpoint in the same process that answers each page's bytes from memory.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var work = Path.Combine(Path.GetTempPath(), "cms-sitebench-" + Guid.NewGuid().ToString("n")[..8]);
Directory.CreateDirectory(work);
const string articleId = "4art1c1e0000000000000000a2";
const string articlePath = "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement";

var (app, cms) = await BenchHost.StartAsync(Path.Combine(work, "data"));
using var http = new HttpClient { BaseAddress = new Uri(cms) };

// What each route answers a reader who sends no Accept-Encoding (as wrk does), captured once, then served bare.
var targets = new (string Name, string Path)[] { ("Home page", "/"), ("Article page", articlePath), ("API item", $"/api/content/{articleId}") };
var bodies = new Dictionary<string, (byte[] Bytes, string ContentType)>();
for (var i = 0; i < targets.Length; i++)
{
    var response = await http.GetAsync(targets[i].Path);
    response.EnsureSuccessStatusCode();
    bodies[$"/bare/{i}"] = (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType!.ToString());
}

var bareBuilder = WebApplication.CreateSlimBuilder();
bareBuilder.Logging.ClearProviders();
bareBuilder.WebHost.UseUrls("http://127.0.0.1:0");
var bare = bareBuilder.Build();
bare.MapGet("/bare/{index}", (HttpContext context, string index) =>
{
    var (bytes, contentType) = bodies["/bare/" + index];
    context.Response.ContentType = contentType;
    context.Response.ContentLength = bytes.Length;
    return context.Response.Body.WriteAsync(bytes, 0, bytes.Length);
});
await bare.StartAsync();
var bareAddress = bare.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

Console.WriteLine($"{Environment.ProcessorCount} cores; wrk -t2 -c32 -d{seconds}s --latency; bodies sent uncompressed (wrk sends no Accept-Encoding)");
Console.WriteLine();
Console.WriteLine("| Route | Bytes | Cms req/s | Cms p99 | Bare req/s | Bare p99 | Cms / bare |");
Console.WriteLine("|---|---|---|---|---|---|---|");
// Short runs on everything first, so that nothing is measured while the JIT is still at work.
for (var i = 0; i < targets.Length; i++)
{
    Wrk.Run(cms.TrimEnd('/') + targets[i].Path, "-t2", "-c32", "-d3s");
    Wrk.Run(bareAddress.TrimEnd('/') + $"/bare/{i}", "-t2", "-c32", "-d3s");
}
for (var i = 0; i < targets.Length; i++)
{
    var site = Wrk.Run(cms.TrimEnd('/') + targets[i].Path, "-t2", "-c32", $"-d{seconds}s");
    var baseline = Wrk.Run(bareAddress.TrimEnd('/') + $"/bare/{i}", "-t2", "-c32", $"-d{seconds}s");
    Console.WriteLine($"| {targets[i].Name} `{Shorten(targets[i].Path)}` | {bodies[$"/bare/{i}"].Bytes.Length} | {site.Rps:0} | {site.P99} | {baseline.Rps:0} | {baseline.P99} | {site.Rps / baseline.Rps:P0} |");
}

await bare.StopAsync();
await GraphQLAgainstRestAsync(http, cms, seconds);
await BenchHost.StopAsync(app);
Directory.Delete(work, recursive: true);

static string Shorten(string path) => path.Length > 30 ? path[..27] + "…" : path;

// The headless issue's GraphQL target: "20 latest articles with category names and a 768 px image URL" against the
// REST list of the same 20 in the same run, and the database commands one such query runs with first: 2 and first: 20.
static async Task GraphQLAgainstRestAsync(HttpClient http, string cms, int seconds)
{
    var token = await TokenAsync(http);
    using var admin = new HttpClient { BaseAddress = http.BaseAddress };
    admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    var image = await UploadImageAsync(admin);
    var categories = (await admin.GetFromJsonAsync<JsonObject>("/api/categories"))!["items"]!.AsArray()
        .Select(c => c!["contentItemId"]!.GetValue<string>()).ToArray();
    for (var i = 0; i < 40; i++)
    {
        var created = await admin.PostAsJsonAsync("/api/content", new JsonObject
        {
            ["ContentType"] = "Article",
            ["TitlePart"] = new JsonObject { ["Title"] = $"Article de mesure numéro {i}" },
            ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Un article pour mesurer la livraison.</p>" },
            ["Article"] = new JsonObject
            {
                ["Category"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(categories[i % categories.Length]) },
                ["Image"] = new JsonObject { ["Paths"] = new JsonArray(image), ["MediaTexts"] = new JsonArray("Une image") },
            },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["ContentItemId"]!.GetValue<string>();
        (await admin.PostAsync($"/api/content/{id}/publish", null)).EnsureSuccessStatusCode();
    }

    static string Query(int first) => "{ article(first: " + first + ", orderBy: {publishedUtc: DESC}) { contentItemId displayText publishedUtc "
        + "autoroutePart { path } category { termContentItems { contentItemId displayText } } image { urls(width: 768, format: WEBP) } } }";
    string GraphQLPath(int first) => "/api/graphql?query=" + Uri.EscapeDataString(Query(first));
    const string restPath = "/api/content?type=Article&pageSize=20";
    var sample = await http.GetFromJsonAsync<JsonObject>(GraphQLPath(20));
    var items = sample!["data"]!["article"]!.AsArray();
    if (items.Count != 20 || items[0]!["image"]!["urls"]!.AsArray().Count != 1) throw new InvalidOperationException("Unexpected GraphQL answer: " + sample);

    // Counted before the wrk runs, and the listener removed: EF Core's diagnostic events cost time while one listens.
    var perRequest = new Dictionary<int, long>();
    var commands = new CommandCounter();
    using (System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(commands))
    {
        foreach (var first in new[] { 2, 20 })
        {
            // Fewest of five: the change-feed follower's polls, on their own schedule, may add one.
            perRequest[first] = long.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                // A comment makes each text new to the answer cache, so the query runs every time.
                var before = commands.Count;
                (await http.GetAsync(GraphQLPath(first) + Uri.EscapeDataString($" # round {round}"))).EnsureSuccessStatusCode();
                perRequest[first] = Math.Min(perRequest[first], commands.Count - before);
            }
        }
    }
    commands.Detach();

    Wrk.Run(cms.TrimEnd('/') + restPath, "-t2", "-c32", "-d3s");
    Wrk.Run(cms.TrimEnd('/') + GraphQLPath(20), "-t2", "-c32", "-d3s");
    var rest = Wrk.Measure(cms.TrimEnd('/') + restPath, "-t2", "-c32", $"-d{seconds}s");
    var graph = Wrk.Measure(cms.TrimEnd('/') + GraphQLPath(20), "-t2", "-c32", $"-d{seconds}s");
    Console.WriteLine();
    Console.WriteLine("20 latest articles with category names and a 768 px WebP URL (GraphQL GET) against the REST list of 20:");
    Console.WriteLine("| Request | req/s | p50 | p99 |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| REST `{restPath}` | {rest.Rps:0} | {rest.P50} | {rest.P99} |");
    Console.WriteLine($"| GraphQL `article(first: 20)` | {graph.Rps:0} | {graph.P50} | {graph.P99} |");
    Console.WriteLine($"GraphQL / REST: {graph.Rps / rest.Rps:P0} (target >= 50 %); database commands per GraphQL request: {perRequest[2]} with first: 2, {perRequest[20]} with first: 20");
}

static async Task<string> TokenAsync(HttpClient http)
{
    var answer = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "password", ["username"] = "admin", ["password"] = BenchHost.AdminPassword,
    }));
    answer.EnsureSuccessStatusCode();
    return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
}

static async Task<string> UploadImageAsync(HttpClient admin)
{
    using var bitmap = new SkiaSharp.SKBitmap(1600, 900);
    using (var canvas = new SkiaSharp.SKCanvas(bitmap)) canvas.Clear(new SkiaSharp.SKColor(40, 90, 160));
    using var encoded = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 85);
    using var form = new MultipartFormDataContent
    {
        { new ByteArrayContent(encoded.ToArray()) { Headers = { ContentType = new("image/jpeg") } }, "file", "mesure.jpg" },
        { new StringContent("Une image de mesure"), "alt" },
    };
    var uploaded = await admin.PostAsync("/api/media", form);
    uploaded.EnsureSuccessStatusCode();
    return (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["path"]!.GetValue<string>();
}

/// <summary>Counts the database commands EF Core runs in this process (its DiagnosticSource events).</summary>
sealed class CommandCounter : IObserver<System.Diagnostics.DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly List<IDisposable> _subscriptions = [];
    private long _count;
    public long Count => Interlocked.Read(ref _count);
    public void OnNext(System.Diagnostics.DiagnosticListener listener)
    {
        // Only the one event: a listener enabled for every event makes EF Core build them all.
        if (listener.Name == "Microsoft.EntityFrameworkCore")
        {
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this, name => name == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted"));
        }
    }
    public void Detach()
    {
        lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
    }
    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted") Interlocked.Increment(ref _count);
    }
    public void OnCompleted() { }
    public void OnError(Exception error) { }
}


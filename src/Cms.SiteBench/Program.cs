using System.Globalization;
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
await BenchHost.StopAsync(app);
Directory.Delete(work, recursive: true);

static string Shorten(string path) => path.Length > 30 ? path[..27] + "…" : path;


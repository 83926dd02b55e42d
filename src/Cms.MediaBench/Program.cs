using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms;
using Cms.Media;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

// Media benchmark, run on demand (not in CI): dotnet run -c Release --project src/Cms.MediaBench [renders]
// Needs wrk and vipsthumbnail on the PATH (Debian: apt-get install -y wrk libvips-tools).
var renders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var work = Path.Combine(Path.GetTempPath(), "cms-mediabench-" + Guid.NewGuid().ToString("n")[..8]);
Directory.CreateDirectory(work);
var (app, baseAddress) = await BenchHost.StartAsync(Path.Combine(work, "data"));
using var http = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromMinutes(5) };

var photo = Path.Combine(work, "photo.jpg");
await File.WriteAllBytesAsync(photo, DrawPhoto(4000, 3000));
Console.WriteLine($"Source: 4000x3000 JPEG, {new FileInfo(photo).Length / 1024} KiB; {Environment.ProcessorCount} cores; SkiaSharp {typeof(SKImage).Assembly.GetName().Version}");

var token = await TokenAsync(http, BenchHost.AdminPassword);
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(photo)), "file", "photo.jpg" }, { new StringContent("bench"), "folder" } };
var uploaded = await (await http.PostAsync("/api/media", form)).Content.ReadFromJsonAsync<JsonObject>();
var path = uploaded!["path"]!.GetValue<string>();
var tokens = app.Services.GetRequiredService<MediaTokens>();

// Every uncached request gives another box height with rmode=max: the output is always the same 800x600 WebP at
// quality 80, but each URL is a new variant, so each one really decodes, resizes and encodes.
var box = 600;
string NextUncachedUrl()
{
    var command = new ImageCommand(800, Interlocked.Increment(ref box), ResizeMode.Max, MediaType.WebP, 80, null);
    return $"/media/{path}?width=800&height={command.Height}&rmode=max&format=webp&token={tokens.Issue(path, command)}";
}

await http.GetByteArrayAsync(NextUncachedUrl());
// Interleaved, so that both see the same load on a shared machine.
var skia = new List<double>();
var vips = new List<double>();
for (var i = 0; i < renders; i++)
{
    var watch = Stopwatch.StartNew();
    await http.GetByteArrayAsync(NextUncachedUrl());
    skia.Add(watch.Elapsed.TotalMilliseconds);

    watch.Restart();
    using var process = Process.Start(new ProcessStartInfo("vipsthumbnail", [photo, "-s", "800", "-o", Path.Combine(work, $"vips-{i}.webp[Q=80]")]) { RedirectStandardError = true })!;
    await process.WaitForExitAsync();
    vips.Add(watch.Elapsed.TotalMilliseconds);
}

// wrk with 8 connections on URLs that are all different (one thread walks a list of 1500), so every request renders;
// meanwhile the peak resident memory of this process (host included).
var script = Path.Combine(work, "uncached.lua");
await File.WriteAllTextAsync(script, "local paths = {\n" + string.Join(",\n", Enumerable.Range(0, 1500).Select(_ => $"\"{NextUncachedUrl()}\"")) + "\n}\n"
    + "local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n");
File.WriteAllText("/proc/self/clear_refs", "5");
var baseline = BenchHost.StatusKiB("VmRSS");
var concurrent = Wrk.Run(baseAddress + "/", "-t1", "-c8", "-d15s", "-s", script);
var peak = BenchHost.StatusKiB("VmHWM");

// vipsthumbnail with 8 processes at a time, for the throughput side by side.
var vipsParallel = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
{
    using var process = Process.Start(new ProcessStartInfo("vipsthumbnail", [photo, "-s", "800", "-o", Path.Combine(work, $"vips-p{i}.webp[Q=80]")]) { RedirectStandardError = true })!;
    await process.WaitForExitAsync();
});
var vipsRps = 48 / vipsParallel.Elapsed.TotalSeconds;

var cachedUrl = baseAddress + $"/media/{path}?width=768&format=webp";
var variant = await http.GetByteArrayAsync(cachedUrl);
var cached = Wrk.Run(cachedUrl, "-t2", "-c16", "-d10s");

// The static-file baseline: the same bytes uploaded as an original, served as a file by the same route without parameters.
using var copyForm = new MultipartFormDataContent { { new ByteArrayContent(variant), "file", "variant-copy.webp" }, { new StringContent("bench"), "folder" } };
var copy = await (await http.PostAsync("/api/media", copyForm)).Content.ReadFromJsonAsync<JsonObject>();
var original = Wrk.Run(baseAddress + "/media/" + copy!["path"]!.GetValue<string>(), "-t2", "-c16", "-d10s");

Console.WriteLine();
Console.WriteLine("| Measure | Cms (SkiaSharp) | vipsthumbnail |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| Uncached 4000x3000 JPEG → 800 px WebP, mean of {renders} | {skia.Average():0} ms (HTTP, {1000 / skia.Average():0.0} req/s sequential) | {vips.Average():0} ms (process incl. start-up) |");
Console.WriteLine($"| Uncached, p99 | {BenchHost.Percentile(skia, 0.99):0} ms | {BenchHost.Percentile(vips, 0.99):0} ms |");
Console.WriteLine($"| Uncached, 8 connections (wrk -t1 -c8 -d15s, every URL different) | {concurrent.Rps:0.0} req/s, p99 {concurrent.P99} | {vipsRps:0.0} images/s with 8 processes at a time |");
Console.WriteLine($"| Peak RSS of the whole process during them | {peak / 1024} MiB (before: {baseline / 1024} MiB) | |");
Console.WriteLine($"| Cached 768 px variant, {variant.Length / 1024} KiB (wrk -t2 -c16 -d10s) | {cached.Rps:0} req/s, p99 {cached.P99} | |");
Console.WriteLine($"| Same bytes as a plain file (static-file baseline) | {original.Rps:0} req/s, p99 {original.P99} | |");

await BenchHost.StopAsync(app);
Directory.Delete(work, recursive: true);

static async Task<string> TokenAsync(HttpClient http, string password)
{
    var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "password", ["username"] = "admin", ["password"] = password,
    }));
    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
}

// A photo-like picture: gradients, shapes and grain, so the JPEG is as hard to decode as a camera's.
static byte[] DrawPhoto(int width, int height)
{
    using var bitmap = new SKBitmap(width, height);
    using (var canvas = new SKCanvas(bitmap))
    {
        using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [SKColors.SkyBlue, SKColors.DarkOliveGreen], SKShaderTileMode.Clamp) };
        canvas.DrawRect(0, 0, width, height, sky);
        var random = new Random(7);
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 400; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 160);
            canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(10, 200), paint);
        }
        using var grain = new SKPaint();
        for (var i = 0; i < width * height / 20; i++)
        {
            grain.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 60);
            canvas.DrawPoint(random.Next(width), random.Next(height), grain);
        }
    }
    using var image = SKImage.FromBitmap(bitmap);
    using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
    return data.ToArray();
}

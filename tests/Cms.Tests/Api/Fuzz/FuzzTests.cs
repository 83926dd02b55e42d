using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Xunit.Abstractions;

namespace Cms.Tests.Api.Fuzz;

/// <summary>
/// Every route the host maps gets a few thousand generated malformed requests (bad JSON, duplicated keys, lone
/// surrogates, NUL, huge numbers, wrong content types, multipart without boundary, odd methods and headers),
/// anonymously, as an author and as the administrator: none may answer 5xx, none may show a stack trace. The requests
/// are a function of the seed: <c>CMS_FUZZ_SEED</c> picks another one (and <c>CMS_FUZZ_REQUESTS</c> another count);
/// a failure prints the seed and each failing request in full.
/// </summary>
public sealed partial class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 1129;
    private const int DefaultRequests = 3000;
    private const int Parallel = 4;

    [Fact]
    public async Task No_malformed_request_gets_a_5xx_or_a_stack_trace()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CMS_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("CMS_FUZZ_REQUESTS"), out var n) ? n : DefaultRequests;
        var setup = Stopwatch.StartNew();
        using var recipes = new RecipesFolder(new Dictionary<string, string> { ["fuzz-fields"] = FuzzSeed.EveryFieldRecipe });
        var log = new StringWriter();
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:RecipesPath"] = recipes.Path }, log: log);
        var data = await FuzzSeed.CreateAsync(host);
        var routes = await FuzzRoutes.ListAsync(host.Services);
        var generator = new FuzzRequests(seed, routes, data);
        var requests = Enumerable.Range(0, count).Select(_ => generator.Next()).ToList();
        setup.Stop();

        // Header values go out as UTF-8 bytes: a non-ASCII value reaches Kestrel instead of being refused by the client.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        using var client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromMinutes(2),
        };
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<(FuzzRequest Request, string Fault)>();
        var clock = Stopwatch.StartNew();
        await System.Threading.Tasks.Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (request, cancel) =>
        {
            using var message = request.ToMessage(host.BaseAddress, data);
            try
            {
                using var response = await client.SendAsync(message, cancel);
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                var body = await response.Content.ReadAsStringAsync(cancel);
                if (status >= 500) failures.Add((request, $"{status}: {Excerpt(body)}"));
                else if (StackTrace().IsMatch(body)) failures.Add((request, $"{status} with a stack trace: {Excerpt(body)}"));
            }
            catch (HttpRequestException e)
            {
                // Kestrel may close a connection on a request it refuses before reading its body: that is an answer, not a failure.
                statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                if (e.InnerException is not IOException) failures.Add((request, $"no answer: {e.Message}"));
            }
        });
        clock.Stop();

        using var probe = host.CreateClient();
        var health = await probe.GetAsync("/health");
        output.WriteLine($"Fuzz seed {seed}: {requests.Count} requests to {routes.Count} routes in {clock.Elapsed.TotalSeconds:0.0} s ({Parallel} at a time), "
            + $"after {setup.Elapsed.TotalSeconds:0.0} s starting the host and making the data.");
        output.WriteLine("Statuses: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "closed" : p.Key.ToString())}×{p.Value}")));
        output.WriteLine("Routes: " + string.Join("; ", routes));
        Assert.True(failures.IsEmpty && health.StatusCode == HttpStatusCode.OK, Report(seed, failures, health.StatusCode, log.ToString()));
    }

    private static string Report(int seed, IEnumerable<(FuzzRequest Request, string Fault)> failures, HttpStatusCode health, string log)
    {
        var all = failures.OrderBy(f => f.Request.Number).ToList();
        var text = new StringBuilder($"Fuzz seed {seed} (CMS_FUZZ_SEED={seed} runs it again): {all.Count} failing requests; /health answers {(int)health}.\n");
        // One example per route and fault, so that one bug does not hide the others.
        foreach (var group in all.GroupBy(f => (f.Request.Route.ToString(), f.Fault[..Math.Min(f.Fault.Length, 60)])).Take(15))
        {
            text.Append($"\n{group.Count()}× {group.First().Fault}\n  {group.First().Request.Describe()}\n");
        }
        // Each exception the host logged, with the top of its stack: where to look.
        var lines = log.Split('\n');
        var errors = lines.Select((line, i) => (line, i)).Where(l => Regex.IsMatch(l.line, @"^[\w.]+Exception\b")).DistinctBy(l => l.line).Take(10)
            .Select(l => string.Join('\n', lines.Skip(l.i).Take(8)));
        text.Append("\nThe host logged:\n").AppendJoin('\n', errors);
        return text.ToString();
    }

    private static string Excerpt(string text) => text.Length > 400 ? text[..400] + "…" : text;

    [GeneratedRegex(@"\s{2,}at (Cms|System|Microsoft|Npgsql|Lucene|Fluid)\.[\w.`<>]+")]
    private static partial Regex StackTrace();
}

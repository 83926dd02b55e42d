using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cms.ClusterBench;

/// <summary>
/// One CMS node as a child process (<c>dotnet src/Cms/bin/&lt;configuration&gt;/net10.0/Cms.dll</c>, started from the
/// repository root like scripts/cluster does), on a free loopback port, with a data folder and a log of its own. The
/// webhook benchmark links this file too, to kill a node.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly string _log;

    private NodeProcess(string name, Process process, string address, string log)
    {
        Name = name;
        _process = process;
        Address = address;
        _log = log;
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(address) };
    }

    public string Name { get; }

    public string Address { get; }

    public int Pid => _process.Id;

    /// <summary>A client without cookies: no <c>cms-seq</c> cookie, so no read waits for a sequence.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a node and waits until its /health answers 200.</summary>
    public static async Task<NodeProcess> StartAsync(string name, string folder, IDictionary<string, string> settings)
    {
        var repo = Cms.CmsApp.FindContentRoot();
        var dll = Path.Combine(repo, "src", "Cms", "bin", Configuration, "net10.0", "Cms.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build src/Cms in {Configuration} first.");
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var log = Path.Combine(folder, "node.log");
        // exec: the child's pid is the node's own, for /proc/<pid>/status.
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec dotnet \"$0\" >\"$1\" 2>&1", dll, log])
        {
            UseShellExecute = false,
            WorkingDirectory = repo,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Cms__DataPath"] = Path.Combine(folder, "data");
        start.Environment["Cms__Admin__Password"] = BenchHost.AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var node = new NodeProcess(name, Process.Start(start)!, $"http://127.0.0.1:{port}", log);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (node._process.HasExited) throw new InvalidOperationException($"Node {name} exited at start-up:\n{node.LogTail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Node {name} did not answer /health within 2 minutes:\n{node.LogTail()}");
            try
            {
                if ((await node.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return node;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A memory figure from /proc/&lt;pid&gt;/status ("VmHWM", "VmRSS"), in MiB.</summary>
    public double StatusMiB(string field)
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public string LogTail() => File.Exists(_log) ? string.Join('\n', File.ReadLines(_log).TakeLast(30)) : "(no log)";

    /// <summary>SIGKILL: the node dies at once, mid-request, with whatever it had not written (the webhook benchmark's crash).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM (the host stops gracefully), then a kill after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

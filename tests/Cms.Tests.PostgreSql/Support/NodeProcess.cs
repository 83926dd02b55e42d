using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Cms.Tests.Support;

/// <summary>
/// A CMS web node as a child process (<c>dotnet Cms.dll</c>), on a free loopback port with a data folder of its own and
/// a shared PostgreSQL database: a node that can really be killed. Its output is kept for the failure message.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(string name, Process process, Uri baseAddress, string dataPath)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        DataPath = dataPath;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public string DataPath { get; }
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts a node and waits until its /health answers 200.</summary>
    public static async Task<NodeProcess> StartAsync(string name, string connectionString, IDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var dataPath = CmsHost.NewDataPath();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CmsApp.FindContentRoot() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cms.dll"));
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Cms__DataPath"] = dataPath,
            ["Cms__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Cms"] = connectionString,
            ["Cms__Admin__UserName"] = CmsHost.AdminUserName,
            ["Cms__Admin__Password"] = CmsHost.AdminPassword,
            ["Cms__ChangeFeed__PollInterval"] = "00:00:01",
            // Every test signs in from 127.0.0.1: the sign-in limits are not what these tests are about.
            ["Cms__RateLimits__PerAddress"] = "100000",
            ["Cms__RateLimits__PerUserName"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Cms"] = "Information",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) environment[key.Replace(":", "__")] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var node = new NodeProcess(name, Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"), dataPath);
        using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: a node's first start migrates the schema, and a loaded machine can take minutes to start a process.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            if (node.HasExited) throw new InvalidOperationException($"Node {name} exited at start:\n{node.Output}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return node;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                await node.DisposeAsync();
                throw new TimeoutException($"Node {name} did not become healthy:\n{node.Output}");
            }
            await Task.Delay(100);
        }
    }

    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (accessToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async Task<string> GetTokenAsync(string userName = CmsHost.AdminUserName, string password = CmsHost.AdminPassword)
    {
        using var client = CreateClient();
        return await CmsHost.RequestTokenAsync(client, userName, password);
    }

    public async Task<HttpClient> AdminClientAsync() => CreateClient(await GetTokenAsync());

    /// <summary>SIGKILL: the node dies at once, with whatever it held (connections, locks, unsent answers).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Yield();
        _process.Dispose();
        CmsHost.DeleteData(DataPath);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 200_000) _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

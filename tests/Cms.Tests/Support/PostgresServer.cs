using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Cms.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the test run, started from Debian's binaries in a temporary folder on a free
/// loopback port, and stopped when the test process exits. As root (CI) initdb and postgres run as the <c>postgres</c>
/// user through runuser; otherwise as the current user. Every test host gets a database of its own.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly Process _process;
    private readonly string _folder;

    private PostgresServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A connection string to a new, empty database, with a pool small enough for many hosts on one server.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "cms_" + Guid.NewGuid().ToString("n")[..16];
        await using var conn = new NpgsqlConnection(ConnectionString("postgres", pool: false));
        await conn.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'", conn);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name, pool: true);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(ConnectionString("postgres", pool: false));
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }

    public string ConnectionString(string database, bool pool) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling={pool};Maximum Pool Size=8;Timeout=15;Command Timeout=60";

    private static string BinaryFolder()
    {
        foreach (var version in new[] { "17", "16", "15" })
        {
            var folder = $"/usr/lib/postgresql/{version}/bin";
            if (File.Exists(Path.Combine(folder, "postgres"))) return folder;
        }
        throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin: install Debian's postgresql-15 package (.ci/run does).");
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = BinaryFolder();
        var folder = Path.Combine(Path.GetTempPath(), "cms-tests-pg-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:postgres", folder);
        var data = Path.Combine(folder, "data");
        RunAs(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");

        var port = FreePort();
        var start = Command(asRoot, Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(), "-k", folder, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=400", "-c", "shared_buffers=64MB");
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PostgresServer(process, folder, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(server.ConnectionString("postgres", pool: false));
                await conn.OpenAsync();
                return server;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private void Stop()
    {
        try
        {
            // SIGINT: PostgreSQL's fast shutdown (disconnect clients, no checkpoint wait worth speaking of).
            if (!_process.HasExited) Process.Start("kill", ["-INT", _process.Id.ToString()])?.WaitForExit(5000);
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // A temporary folder left behind is not worth failing the run over.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo Command(bool asRoot, string program, params string[] args)
    {
        var info = new ProcessStartInfo(asRoot ? "runuser" : program) { UseShellExecute = false };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    private static void RunAs(bool asRoot, string program, params string[] args) => Wait(Command(asRoot, program, args));

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        Wait(info);
    }

    private static void Wait(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {error}{output.Result}");
    }
}

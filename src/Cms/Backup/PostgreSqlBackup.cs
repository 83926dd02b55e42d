using System.Data;
using System.Diagnostics;
using System.Text;
using Cms.Commands;
using Npgsql;

namespace Cms.Backup;

/// <summary>
/// PostgreSQL's own tools: <c>pg_dump</c> in its custom format, reading the snapshot in which the manifest's counts are
/// taken, and <c>pg_restore</c> into an empty database. They are looked for on PATH, then in Debian's
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>; their major version must be the server's or newer.
/// </summary>
internal sealed class PostgreSqlBackup(string connectionString)
{
    public const string Entry = "database/cms.pgdump";

    private readonly NpgsqlConnectionStringBuilder _settings = new(connectionString);

    private string Named => $"the database {_settings.Database} on {_settings.Host}:{_settings.Port}";

    public async Task<DatabaseCopy> DumpAsync(string workFolder, CancellationToken cancellationToken)
    {
        var pgDump = FindTool("pg_dump");
        await using var connection = await OpenAsync(cancellationToken);
        // The counts and pg_dump read one snapshot: this transaction exports it and stays open until the dump is done.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction);
        var snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        var counts = await BackupCounts.ReadAsync(connection, transaction, cancellationToken);
        var media = await BackupCounts.MediaPathsAsync(connection, transaction, cancellationToken);
        var file = Path.Combine(workFolder, "cms.pgdump");
        await RunAsync(pgDump, ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={file}", $"--dbname={ConnInfo()}"], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DatabaseCopy(file, Entry, counts, media);
    }

    public async Task<string?> WhyNotEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tables = new NpgsqlCommand(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", connection);
        var count = (long)(await tables.ExecuteScalarAsync(cancellationToken))!;
        return count == 0 ? null : $"{Named} holds {count} tables";
    }

    public async Task RestoreAsync(string dumpFile, CancellationToken cancellationToken) =>
        await RunAsync(FindTool("pg_restore"),
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={ConnInfo()}", dumpFile], cancellationToken);

    public async Task<BackupCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await BackupCounts.ReadAsync(connection, null, cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new CommandException($"{Named} cannot be reached: {e.Message}");
        }
    }

    /// <summary>The connection as libpq reads it (the password goes in PGPASSWORD, not on a command line others can read).</summary>
    private string ConnInfo()
    {
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            var text = value?.ToString();
            if (!string.IsNullOrEmpty(text)) parts.Add($"{key}='{text.Replace("\\", "\\\\").Replace("'", "\\'")}'");
        }
        Add("host", _settings.Host);
        Add("port", _settings.Port);
        Add("dbname", _settings.Database);
        Add("user", _settings.Username);
        Add("sslmode", _settings.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        return string.Join(' ', parts);
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(_settings.Password)) start.Environment["PGPASSWORD"] = _settings.Password;
        using var process = Process.Start(start) ?? throw new CommandException($"{tool} could not be started.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (errors) errors.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            string said;
            lock (errors) said = errors.ToString().Trim();
            throw new CommandException($"{Path.GetFileName(tool)} failed on {Named} (exit code {process.ExitCode}): {said}");
        }
    }

    private static string FindTool(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name));
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var n) ? n : 0)
                .Select(version => Path.Combine(version, "bin", name))
            : [];
        return onPath.Concat(debian).FirstOrDefault(File.Exists)
            ?? throw new CommandException($"{name} is not on PATH: install PostgreSQL's client programs (Debian: postgresql-client-15) or put their folder on PATH.");
    }
}

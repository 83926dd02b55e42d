using System.Diagnostics;
using System.Globalization;

namespace Cms.Data;

/// <summary>
/// The node's data folder (the SQLite file, search indexes, local media, rendered variants). It must be writable, and
/// with SQLite only one web host may use it: two hosts on one folder would each write the search index and keep caches
/// the other never clears. Several nodes share a PostgreSQL database instead, each with a folder of its own.
/// </summary>
public sealed class DataFolder(string path) : IDisposable
{
    private const string LockFile = "cms.lock";
    private const string OwnerFile = "cms.lock.owner";
    private FileStream? _lock;

    public string Path { get; } = path;

    /// <summary>Creates the folder and checks that this process may write in it; the error names the folder and the cause.</summary>
    public static string Prepare(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            var probe = System.IO.Path.Combine(path, $".write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CmsStartupException($"The data folder {path} cannot be created or written: {e.Message} " +
                "Give this process write access to it, or choose another folder with Cms:DataPath (environment Cms__DataPath).", e);
        }
    }

    /// <summary>Takes the folder for this web host, for as long as the host runs; refuses when another process holds it.</summary>
    public void ClaimForWebHost()
    {
        var lockPath = System.IO.Path.Combine(Path, LockFile);
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = File.Exists(System.IO.Path.Combine(Path, OwnerFile)) ? File.ReadAllText(System.IO.Path.Combine(Path, OwnerFile)).Trim() : "another process";
            throw new CmsStartupException($"Another CMS web host ({owner}) is already using the data folder {Path}. " +
                "One web host per SQLite data folder: stop the other one, or run several nodes on PostgreSQL (README, \"Running several nodes\").");
        }
        var started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        File.WriteAllText(System.IO.Path.Combine(Path, OwnerFile), $"process {Environment.ProcessId} ({Process.GetCurrentProcess().ProcessName}) on {Environment.MachineName}, started {started}");
    }

    public void Dispose()
    {
        if (_lock is null) return;
        try
        {
            File.Delete(System.IO.Path.Combine(Path, OwnerFile));
        }
        catch (IOException)
        {
            // Left behind, it only names a process that no longer holds the lock.
        }
        _lock.Dispose();
        _lock = null;
    }
}

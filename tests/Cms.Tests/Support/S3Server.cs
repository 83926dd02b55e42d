using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Cms.Tests.Support;

/// <summary>
/// An S3-compatible server for the test run: npm's s3rver, pinned by scripts/s3rver/package-lock.json (installed with
/// <c>npm ci</c> when its node_modules is missing), started once per test process on a free loopback port with a
/// temporary folder, and stopped when the process exits. Each test makes a bucket of its own.
/// </summary>
public sealed partial class S3Server
{
    /// <summary>The key pair s3rver accepts (any other is refused with InvalidAccessKeyId).</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private const string FolderPrefix = "cms-tests-s3-";

    private static readonly Lazy<Task<S3Server>> Shared = new(StartAsync);
    private readonly Process _process;
    private readonly string _folder;

    private S3Server(Process process, string folder, Uri serviceUrl)
    {
        _process = process;
        _folder = folder;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    public static Task<S3Server> GetAsync() => Shared.Value;

    /// <summary>A client of our own, to look at the bucket without going through the CMS's store.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        RegionEndpoint = RegionEndpoint.USEast1,
        ServiceURL = ServiceUrl.ToString(),
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public async Task<string> CreateBucketAsync()
    {
        var name = "cms-" + Guid.NewGuid().ToString("n")[..20];
        using var client = CreateClient();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>The settings that put a host's media in <paramref name="bucket"/>.</summary>
    public Dictionary<string, string?> Settings(string bucket, string? prefix = null) => new()
    {
        ["Cms:Media:Store"] = "S3",
        ["Cms:Media:S3:ServiceUrl"] = ServiceUrl.ToString(),
        ["Cms:Media:S3:Bucket"] = bucket,
        ["Cms:Media:S3:AccessKey"] = AccessKey,
        ["Cms:Media:S3:SecretKey"] = SecretKey,
        ["Cms:Media:S3:Prefix"] = prefix,
    };

    private static async Task<S3Server> StartAsync()
    {
        var scripts = Path.Combine(Cms.CmsApp.FindContentRoot(), "scripts", "s3rver");
        var bin = Path.Combine(scripts, "node_modules", "s3rver", "bin", "s3rver.js");
        await InstallAsync(scripts, bin);

        RemoveLeftovers();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("n")[..8]}");
        Directory.CreateDirectory(folder);
        // Port 0, then the port s3rver prints (even with --silent): no window between choosing a port and binding it.
        // Its standard input is a pipe from this process, which the preloaded script watches: a test process killed before
        // its exit handlers ran (the test runner allows them little time) still takes s3rver with it.
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var watch = Path.Combine(scripts, "exit-with-stdin.js");
        foreach (var a in new[] { "--require", watch, bin, "--directory", folder, "--address", "127.0.0.1", "--port", "0", "--silent" }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri($"http://127.0.0.1:{match.Groups[1].Value}/"));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (errors) errors.AppendLine(e.Data);
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"s3rver exited ({process.ExitCode}): {errors}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var server = new S3Server(process, folder, url);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        using var client = server.CreateClient();
        await client.ListBucketsAsync();
        return server;
    }

    /// <summary>
    /// <c>npm ci</c> when s3rver is not installed yet (.ci/run installs it first). Both test assemblies compile this
    /// class and may run at once, so a lock file keeps two installs from writing the same node_modules.
    /// </summary>
    private static async Task InstallAsync(string scripts, string bin)
    {
        if (File.Exists(bin)) return;
        var lockPath = Path.Combine(Path.GetTempPath(), "cms-tests-s3rver-install.lock");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        FileStream? held = null;
        while (held is null)
        {
            try
            {
                held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
        await using (held)
        {
            if (File.Exists(bin)) return;
            var install = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "ci", "--prefix", scripts, "--no-audit", "--no-fund" }) install.ArgumentList.Add(a);
            using var npm = Process.Start(install) ?? throw new InvalidOperationException("npm could not be started.");
            var output = npm.StandardOutput.ReadToEndAsync();
            var error = await npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0 || !File.Exists(bin))
            {
                throw new InvalidOperationException($"npm ci --prefix {scripts} failed ({npm.ExitCode}): {error}{await output}");
            }
        }
    }

    /// <summary>
    /// Stops s3rver when the test process exits. The test runner gives that moment little time, so the folder may stay
    /// behind: the next run removes it (<see cref="RemoveLeftovers"/>).
    /// </summary>
    private void Stop()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(2000);
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // A temporary folder left behind is not worth failing the run over.
        }
    }

    /// <summary>Folders of earlier runs whose test process is gone (their names carry its id).</summary>
    private static void RemoveLeftovers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var name = Path.GetFileName(folder);
            var dash = name.IndexOf('-', FolderPrefix.Length);
            if (dash < 0 || !int.TryParse(name[FolderPrefix.Length..dash], out var pid) || IsRunning(pid)) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or in use: leave it.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}

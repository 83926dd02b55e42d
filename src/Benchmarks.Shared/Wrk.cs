using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>Runs Debian's <c>wrk</c> against a URL and reads requests per second and the p99 latency from its output (shared by the benchmarks).</summary>
internal static partial class Wrk
{
    /// <summary>What one wrk run reports: requests per second, how many requests in all, the latency percentiles as printed, the whole output.</summary>
    public sealed record Report(double Rps, long Requests, string P50, string P99, string Output);

    public static (double Rps, string P99) Run(string url, params string[] options)
    {
        var report = Measure(url, options);
        return (report.Rps, report.P99);
    }

    public static Report Measure(string url, params string[] options)
    {
        using var process = Process.Start(new ProcessStartInfo("wrk", [.. options, "--latency", url]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (output.Contains("Non-2xx", StringComparison.Ordinal) || output.Contains("Socket errors", StringComparison.Ordinal)) Console.WriteLine(output);
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new Report(rps, requests, P50().Match(output).Groups[1].Value, P99().Match(output).Groups[1].Value, output);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(?m)^\s+(\d+) requests in ")]
    private static partial Regex Requests();

    [GeneratedRegex(@"(?m)^\s+50%\s+(\S+)")]
    private static partial Regex P50();

    [GeneratedRegex(@"(?m)^\s+99%\s+(\S+)")]
    private static partial Regex P99();
}

using OpenTelemetry.Exporter;

namespace Cms.Telemetry;

/// <summary>The <c>Cms:Telemetry</c> section: where traces and metrics go. Nothing is exported unless asked for.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Cms:Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();
}

public sealed class PrometheusOptions
{
    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// When set, the scrape endpoint is served on this port only (every interface), without sign-in: a port for the
    /// monitoring network, kept off the public one by the firewall. Unset, it is on the site's own port, for
    /// ViewMetrics holders (administrators).
    /// </summary>
    public int? Port { get; set; }
}

public sealed class OtlpOptions
{
    /// <summary>An OpenTelemetry collector (<c>http://collector:4317</c>); traces and metrics are sent there when set.</summary>
    public string? Endpoint { get; set; }

    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;
}

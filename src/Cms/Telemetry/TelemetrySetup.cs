using Cms.Api;
using Cms.Data;
using Cms.Security;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cms.Telemetry;

/// <summary>OpenTelemetry: the CMS's meter and ASP.NET Core's traces and metrics, to Prometheus and/or an OTLP collector.</summary>
public static class TelemetrySetup
{
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        builder.Services.AddSingleton<CmsMetrics>();
        Uri? otlp = null;
        if (!string.IsNullOrWhiteSpace(options.Otlp.Endpoint) && !Uri.TryCreate(options.Otlp.Endpoint, UriKind.Absolute, out otlp))
        {
            throw new CmsStartupException($"Cms:Telemetry:Otlp:Endpoint is not an absolute URL ('{options.Otlp.Endpoint}'); set one such as http://collector:4317, or none.");
        }
        if (!options.Prometheus.Enabled && otlp is null) return;

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("Cms"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(CmsMetrics.MeterName).AddAspNetCoreInstrumentation();
            if (options.Prometheus.Enabled) metrics.AddPrometheusExporter();
            if (otlp is not null) metrics.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (otlp, options.Otlp.Protocol));
        });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path, options.Prometheus.Path))
                .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (otlp, options.Otlp.Protocol)));
        }
        if (options.Prometheus is { Enabled: true, Port: { } port })
        {
            // Listens on the scrape port besides wherever the site listens (--urls, ASPNETCORE_URLS, or the default).
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            builder.WebHost.UseUrls([.. (string.IsNullOrEmpty(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries), $"http://*:{port}"]);
        }
    }

    public static void MapTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Prometheus.Enabled) return;
        if (options.Prometheus.Port is { } port)
        {
            app.MapPrometheusScrapingEndpoint(options.Prometheus.Path).RequireHost($"*:{port}");
            return;
        }
        app.MapPrometheusScrapingEndpoint(options.Prometheus.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(RefuseUnlessAllowedAsync), optionsName: null);
    }

    private static async Task RefuseUnlessAllowedAsync(HttpContext context, RequestDelegate next)
    {
        if ((await context.GetActorAsync()).Lacks(Permissions.ViewMetrics, "Reading metrics") is { } refusal)
        {
            await Problems.From(refusal).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    // Load balancers and Prometheus call these every few seconds: traces of them would drown the others.
    private static bool IsProbe(PathString path, string metricsPath) => path.StartsWithSegments("/health") || path.StartsWithSegments(metricsPath);
}

using System.Net;
using System.Net.Sockets;
using Cms.Tests.Support;

namespace Cms.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint and the CMS's own metrics in it.</summary>
public sealed class MetricsTests
{
    private static readonly Dictionary<string, string?> PrometheusOn = new() { ["Cms:Telemetry:Prometheus:Enabled"] = "true" };

    [Fact]
    public async Task After_a_publish_a_search_and_site_pages_an_administrator_reads_the_cms_metrics()
    {
        await using var host = await CmsHost.StartAsync(settings: PrometheusOn);
        using var editor = await host.CreateUserAsync("Editor");
        using var reader = host.CreateClient();
        var category = await Articles.CategoryIdAsync(editor.Client, "defense");
        var created = await Articles.CreateAsync(editor.Client, Articles.New("Les métriques de la rédaction", category));
        var publish = await Articles.TransitionAsync(editor.Client, created["ContentItemId"]!.GetValue<string>(), "publish");
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/search?q=métriques")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/")).StatusCode);

        using var admin = await host.AdminClientAsync();
        var response = await admin.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await response.Content.ReadAsStringAsync();
        Assert.Contains("cms_content_publishes_total{", metrics);
        Assert.Contains("source=\"api\"", metrics);
        Assert.Contains("cms_workflow_transitions_total{", metrics);
        Assert.Contains("transition=\"publish\"", metrics);
        Assert.Contains("cms_search_duration_seconds_count{", metrics);
        Assert.Contains("index=\"articles\"", metrics);
        Assert.Contains("cms_search_index_lag", metrics);
        Assert.Contains("cms_site_page_cache_hits_total", metrics);
        Assert.Contains("cms_site_page_cache_misses_total", metrics);
        Assert.Contains("http_server_request_duration_seconds", metrics);
    }

    [Fact]
    public async Task Metrics_are_refused_to_anonymous_readers_with_401_and_to_authors_with_403()
    {
        await using var host = await CmsHost.StartAsync(settings: PrometheusOn);
        using var anonymous = host.CreateClient();
        using var author = await host.CreateUserAsync("Author");

        var refusedAnonymous = await anonymous.GetAsync("/metrics");
        var refusedAuthor = await author.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, refusedAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedAuthor.StatusCode);
        Assert.Equal("application/problem+json", refusedAuthor.Content.Headers.ContentType!.MediaType);
        Assert.Contains("ViewMetrics", await refusedAuthor.Content.ReadAsStringAsync());
        Assert.DoesNotContain("cms_", await refusedAnonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        await using var host = await CmsHost.StartAsync();
        using var admin = await host.AdminClientAsync();

        var response = await admin.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("cms_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_port_of_its_own_the_scrape_endpoint_is_served_there_without_sign_in_and_not_on_the_site()
    {
        var port = FreePort();
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?>(PrometheusOn) { ["Cms:Telemetry:Prometheus:Port"] = port.ToString() });
        using var site = host.CreateClient();
        using var monitoring = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var scraped = await monitoring.GetAsync("/metrics");
        var onTheSite = await site.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("cms_search_index_lag", await scraped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, onTheSite.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

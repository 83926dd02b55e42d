using System.Net;
using Cms.Data;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cms.Security;

/// <summary>The <c>Cms:ReverseProxy</c> section: the proxies (or load balancers) whose <c>X-Forwarded-*</c> headers are believed.</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Cms:ReverseProxy";

    /// <summary>Addresses of the proxies in front of the nodes (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks they are in, in CIDR notation (<c>10.0.0.0/24</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// Behind a proxy the client's address, scheme and host are in <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>. They
/// are taken from the configured proxies only (anyone else could write them: a forged address would dodge the sign-in
/// limits), and with none configured they are ignored. Then a request the proxy received over HTTPS is HTTPS here:
/// cookies are Secure, HSTS is sent.
/// </summary>
public static class ReverseProxy
{
    public static void AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        // Read here, so that a wrong value stops the start at once, naming the setting.
        var addresses = proxies.KnownProxies.Select(proxy => IPAddress.TryParse(proxy.Trim(), out var address) ? address
            : throw new CmsStartupException($"Cms:ReverseProxy:KnownProxies: '{proxy}' is not an IP address.")).ToList();
        var networks = proxies.KnownNetworks.Select(network => System.Net.IPNetwork.TryParse(network.Trim(), out var parsed) ? parsed
            : throw new CmsStartupException($"Cms:ReverseProxy:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24).")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The defaults trust loopback: only what is configured is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in addresses) o.KnownProxies.Add(address);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
            // Walk back through every known proxy of a chain, and stop at the first address that is not one.
            o.ForwardLimit = null;
        });
    }

    public static void UseReverseProxy(this WebApplication app)
    {
        if (!app.Configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>()?.Any ?? true) return;
        app.UseForwardedHeaders();
    }
}

using System.Net;
using System.Net.Sockets;

namespace Cms.Webhooks;

/// <summary>
/// Refuses outbound connections to addresses inside the server's own networks (loopback, private, link-local, multicast,
/// unspecified…). It runs as the HTTP handler's connect callback: the name is resolved here, every address it resolves to
/// is checked, and the socket connects to those same addresses, so a name that resolves to a public address when the
/// webhook is saved and to 127.0.0.1 when it is called (DNS rebinding) is still refused.
/// </summary>
internal static class PrivateNetworkGuard
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        if (addresses.Length == 0) throw new WebhookTargetRefusedException($"{endpoint.Host} resolves to no address.");
        if (!allowPrivate)
        {
            foreach (var address in addresses)
            {
                if (Classify(address) is { } kind)
                {
                    var what = literal is null ? $"{endpoint.Host} resolves to {address}, a {kind} address" : $"{address} is a {kind} address";
                    throw new WebhookTargetRefusedException($"Refused: {what} (Cms:Webhooks:AllowPrivateNetworks is false).");
                }
            }
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>What kind of non-public address this is (loopback, private…), or null for a public one.</summary>
    public static string? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return Classify(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork) return ClassifyV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "non-IP";
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any)) return "unspecified";
        if (address.Equals(IPAddress.IPv6Loopback)) return "loopback";
        if (b[0] == 0xff) return "multicast";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
        if ((b[0] & 0xfe) == 0xfc) return "private (unique local)";
        // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address they embed.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return ClassifyV4(b[12..]);
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0) return ClassifyV4(b[12..]);
        return null;
    }

    private static string? ClassifyV4(byte[] b) => b[0] switch
    {
        0 => "unspecified",
        10 => "private",
        127 => "loopback",
        100 when (b[1] & 0xc0) == 64 => "private (shared)",
        169 when b[1] == 254 => "link-local",
        172 when (b[1] & 0xf0) == 16 => "private",
        192 when b[1] == 168 => "private",
        192 when b[1] == 0 && b[2] == 0 => "reserved",
        198 when (b[1] & 0xfe) == 18 => "reserved (benchmarking)",
        >= 224 and < 240 => "multicast",
        >= 240 => "reserved",
        _ => null,
    };
}

/// <summary>A target refused before any byte was sent (an address inside the server's networks, a name that resolves to nothing).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

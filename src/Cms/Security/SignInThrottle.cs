using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Cms.Security;

/// <summary>The <c>Cms:RateLimits</c> section: how often anyone may try to sign in (token requests and the admin login).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Cms:RateLimits";

    /// <summary>Sign-in attempts one client address may make per <see cref="Window"/>, whatever the account.</summary>
    public int PerAddress { get; set; } = 20;

    /// <summary>
    /// Attempts for one user name (or client id) per <see cref="Window"/>, from any address. Keep it above
    /// <see cref="PerAddress"/>: one address alone can then never use it up and keep the real user out.
    /// </summary>
    public int PerUserName { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins from one address for one account before that address must wait (other addresses may still try).</summary>
    public int FailuresBeforeWait { get; set; } = 5;

    /// <summary>How long that address waits; failures older than this are forgotten.</summary>
    public TimeSpan FailureWait { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Slows password guessing without handing anyone a way to lock a user out: failures are counted per (client address,
/// account), and only the address that failed too often waits. Unknown accounts are counted like known ones, so the
/// throttle says nothing about which exist. Counted in memory, per node.
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    /// <summary>Beyond this many (address, account) pairs, those that no longer matter are swept out.</summary>
    private const int SweepAbove = 50_000;

    private readonly ConcurrentDictionary<(string Address, string Account), Failures> _failures = new();

    /// <summary>How long this address must still wait before trying this account again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address, string account)
    {
        if (!_failures.TryGetValue((address, Normalize(account)), out var failures) || failures.BlockedUntil is not { } until) return null;
        var wait = until - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string address, string account)
    {
        var now = clock.GetUtcNow();
        var limits = options.Value;
        _failures.AddOrUpdate((address, Normalize(account)),
            _ => Count(new Failures(0, now, null), now, limits),
            (_, previous) => Count(now - previous.Since > limits.FailureWait ? new Failures(0, now, null) : previous, now, limits));
        if (_failures.Count > SweepAbove) Sweep(now, limits.FailureWait);
    }

    public void Succeeded(string address, string account) => _failures.TryRemove((address, Normalize(account)), out _);

    /// <summary>
    /// The address requests are counted under: the client's, as the configured proxies forwarded it; a whole IPv6 /64,
    /// which one subscriber usually holds (counting its 2^64 addresses one by one would count nothing).
    /// </summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>As Identity compares user names: case and surrounding spaces do not make another account.</summary>
    public static string Normalize(string account) => account.Trim().ToUpperInvariant();

    private static Failures Count(Failures previous, DateTimeOffset now, RateLimitOptions limits)
    {
        var count = previous.Count + 1;
        return previous with { Count = count, BlockedUntil = count >= limits.FailuresBeforeWait ? now + limits.FailureWait : previous.BlockedUntil };
    }

    private void Sweep(DateTimeOffset now, TimeSpan wait)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now - failures.Since > wait && (failures.BlockedUntil is null || failures.BlockedUntil < now)) _failures.TryRemove(key, out _);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset? BlockedUntil);
}

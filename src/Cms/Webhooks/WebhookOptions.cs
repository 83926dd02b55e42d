namespace Cms.Webhooks;

/// <summary>The <c>Cms:Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Cms:Webhooks";

    /// <summary>
    /// How long a delivery is retried after it was queued (or resent). A subscription none of whose attempts succeeded
    /// during a whole window is switched off.
    /// </summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait after the first failed attempt; it doubles at every failure, with ±20 % of jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether targets may resolve to loopback, private, link-local, multicast or unspecified addresses. Off by default,
    /// so that whoever manages webhooks cannot make the server call into its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How often the node holding the cluster duties looks for work it was not told of (a ping or resend asked on another node).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many receivers are called at once (one subscription's deliveries go one after the other, in order).</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>How long finished deliveries stay in the log.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(30);

    internal IEnumerable<string> Problems()
    {
        if (RetryFor <= TimeSpan.Zero) yield return "RetryFor must be positive.";
        if (FirstRetryDelay <= TimeSpan.Zero) yield return "FirstRetryDelay must be positive.";
        if (MaxRetryDelay < FirstRetryDelay) yield return "MaxRetryDelay must be at least FirstRetryDelay.";
        if (Timeout <= TimeSpan.Zero) yield return "Timeout must be positive.";
        if (PollInterval <= TimeSpan.Zero) yield return "PollInterval must be positive.";
        if (MaxConcurrentRequests < 1) yield return "MaxConcurrentRequests must be at least 1.";
    }
}

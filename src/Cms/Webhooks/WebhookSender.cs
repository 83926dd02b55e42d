using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cms.Webhooks;

/// <summary>What one attempt got: the answer's status, how long it took, the start of its body, or why there was none.</summary>
public sealed record DeliveryAttempt(int? StatusCode, int DurationMs, string? ResponseExcerpt, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// POSTs one delivery, signed the Standard Webhooks way: <c>webhook-id</c>, <c>webhook-timestamp</c> (unix seconds) and
/// <c>webhook-signature</c>. Only a 2xx answer counts as received; redirects are not followed.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
{
    public const string ClientName = "Cms.Webhooks";
    public const int ExcerptBytes = 1024;

    /// <summary>Sends; an exception only when <paramref name="cancellationToken"/> is cancelled (the attempt then does not count).</summary>
    public async Task<DeliveryAttempt> SendAsync(WebhookDelivery delivery, string url, string secret, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSecrets.Sign(secret, delivery.WebhookId, timestamp, delivery.Body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Cms-Webhooks", "1.0"));

        var timeout = options.Value.Timeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var excerpt = await ExcerptAsync(response.Content, deadline.Token);
            var status = (int)response.StatusCode;
            var error = status is >= 300 and < 400 ? $"Redirects are not followed (Location: {response.Headers.Location})." : null;
            return new DeliveryAttempt(status, Elapsed(), excerpt, error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new DeliveryAttempt(null, Elapsed(), null, $"No answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            logger.LogWarning("Webhook {Subscription} not sent to {Url}: {Reason}", delivery.SubscriptionId, url, refused.Message);
            return new DeliveryAttempt(null, Elapsed(), null, refused.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            return new DeliveryAttempt(null, Elapsed(), null, Truncate(e.InnerException is { } inner && e.Message != inner.Message ? $"{e.Message} {inner.Message}" : e.Message));
        }
    }

    private static WebhookTargetRefusedException? Refusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is WebhookTargetRefusedException refused) return refused;
        }
        return null;
    }

    /// <summary>The first kilobyte of the body, as text (PostgreSQL text holds no NUL character).</summary>
    private static async Task<string?> ExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ExcerptBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0) read += n;
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).Replace('\0', '\uFFFD');
    }

    private static string Truncate(string text) => text.Length <= 1024 ? text : text[..1024];
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cms.Tests.Support;

/// <summary>
/// A webhook receiver for tests: a tiny Kestrel app on a free loopback port that records every request it gets and
/// answers 200, or the statuses it was told to answer first.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentQueue<int> _next = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Where to send webhooks (<c>http://127.0.0.1:{port}/hook</c>).</summary>
    public string Url { get; private set; } = "";

    public int Port => new Uri(Url).Port;

    /// <summary>What it answers once the statuses given to <see cref="AnswerNext"/> are used up.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>The next requests get these statuses, in order (then <see cref="Status"/>).</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses) _next.Enqueue(status);
    }

    /// <summary>The requests received once <paramref name="condition"/> holds of them; fails the test after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, int seconds = 30)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(seconds); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            if (condition(Received)) return Received;
        }
        var received = Received;
        Assert.Fail($"The receiver did not get what was expected within {seconds} s; it got {received.Count} request(s):\n" +
            string.Join("\n", received.Select(r => $"{r.Answered} {r.Id} {r.Body}")));
        return received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var status = _next.TryDequeue(out var scripted) ? scripted : Status;
        var headers = context.Request.Headers;
        _received.Enqueue(new ReceivedWebhook(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), body, status));
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status == 200 ? "ok" : "receiver says no");
    }
}

/// <summary>One request a <see cref="WebhookReceiver"/> got, and the status it answered.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, int Answered)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Event => Json["event"]!.GetValue<string>();

    public string? ContentItemId => Json["contentItemId"]?.GetValue<string>();

    /// <summary>The Standard Webhooks check a receiver makes: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the secret's bytes.</summary>
    public bool IsSignedWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
        return Signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }
}

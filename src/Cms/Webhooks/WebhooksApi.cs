using Cms.Api;
using Cms.Changes;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Webhooks;

/// <summary>
/// <c>/api/webhooks</c>: subscriptions (list, create, read, update, delete), their delivery log, a test ping and resends,
/// for holders of ManageWebhooks. Registers the dispatcher that sends them and the HTTP client it sends with.
/// </summary>
public static class WebhooksApi
{
    public static void AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WebhookOptions.Section);
        services.Configure<WebhookOptions>(section);
        var options = section.Get<WebhookOptions>() ?? new WebhookOptions();
        if (options.Problems().FirstOrDefault() is { } problem) throw new CmsStartupException($"{WebhookOptions.Section}: {problem}");

        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<WebhookPayloads>();
        services.AddScoped<WebhookQueue>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddScoped<WebhookDeliveries>();
        services.AddChangeFeedListener<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    // Every connection is made here, to addresses checked here: no proxy (it would be checked instead of the target).
                    ConnectCallback = (context, cancellationToken) => PrivateNetworkGuard.ConnectAsync(context, allowPrivate, cancellationToken),
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
            })
            // The sender logs what matters (refusals) and the log of deliveries keeps every attempt: no line per request.
            .RemoveAllLoggers();
    }

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/webhooks").DisableAntiforgery().WithTags("Webhooks")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("List the webhook subscriptions").Produces<ItemList<WebhookView>>();
        api.MapPost("/", CreateAsync).WithSummary("Subscribe a URL to changes")
            .WithDescription("It is sent what happens from now on, signed with its secret (shown in this answer only; made when left out).")
            .Reads<WebhookInput>().Produces<WebhookView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{id}", GetAsync).WithSummary("Read a subscription").Produces<WebhookView>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPut("/{id}", UpdateAsync).WithSummary("Change a subscription").WithDescription("Members left out are kept.")
            .Reads<WebhookInput>().Produces<WebhookView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a subscription").Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/ping", PingAsync).WithSummary("Send a test delivery")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapGet("/{id}/deliveries", DeliveriesAsync).WithSummary("A subscription's delivery log, newest first")
            .WithDescription("status filters by delivery state; before (a delivery id) and limit page through it.")
            .Produces<DeliveryPage>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/deliveries/{deliveryId:long}/resend", ResendAsync).WithSummary("Send a delivery again")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ListAsync(HttpContext context, WebhookSubscriptions webhooks)
    {
        var list = await webhooks.ListAsync(await context.GetActorAsync());
        return list.Succeeded ? NoStore(context, Results.Json(new { items = list.Value })) : Problems.From(list.Refusal!);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, WebhookSubscriptions webhooks)
    {
        var found = await webhooks.GetAsync(id, await context.GetActorAsync());
        return found.Succeeded ? NoStore(context, Results.Json(found.Value)) : Problems.From(found.Refusal!);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, WebhookSubscriptions webhooks, IOptions<CmsOptions> options)
    {
        var actor = await context.GetActorAsync();
        if (WebhookSubscriptions.Refuse(actor) is { } refused) return Problems.From(refused);
        var input = await ReadAsync(context, options);
        if (!input.Succeeded) return Problems.From(input.Refusal!);
        var created = await webhooks.CreateAsync(input.Value!, actor);
        if (!created.Succeeded) return Problems.From(created.Refusal!);
        return NoStore(context, Results.Created($"/api/webhooks/{created.Value!.Id}", created.Value));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, WebhookSubscriptions webhooks, IOptions<CmsOptions> options)
    {
        var actor = await context.GetActorAsync();
        if (WebhookSubscriptions.Refuse(actor) is { } refused) return Problems.From(refused);
        var input = await ReadAsync(context, options);
        if (!input.Succeeded) return Problems.From(input.Refusal!);
        var updated = await webhooks.UpdateAsync(id, input.Value!, actor);
        return updated.Succeeded ? NoStore(context, Results.Json(updated.Value)) : Problems.From(updated.Refusal!);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, WebhookSubscriptions webhooks)
    {
        var deleted = await webhooks.DeleteAsync(id, await context.GetActorAsync());
        return deleted.Succeeded ? Results.NoContent() : Problems.From(deleted.Refusal!);
    }

    private static async Task<IResult> PingAsync(string id, HttpContext context, WebhookDeliveries deliveries)
    {
        var ping = await deliveries.PingAsync(id, await context.GetActorAsync());
        return ping.Succeeded ? Results.Accepted($"/api/webhooks/{id}/deliveries", ping.Value) : Problems.From(ping.Refusal!);
    }

    private static async Task<IResult> DeliveriesAsync(string id, string? status, string? before, string? limit, HttpContext context, WebhookDeliveries deliveries)
    {
        if (!QueryNumbers.TryWhole(before, 1, long.MaxValue, out var beforeId)) return Problems.Invalid("before", "before is a delivery id: a whole number from 1.");
        if (!QueryNumbers.TryPositive(limit, WebhookDeliveries.DefaultLimit, WebhookDeliveries.MaxLimit, out var take))
        {
            return Problems.Invalid("limit", $"limit is a whole number from 1 to {WebhookDeliveries.MaxLimit}.");
        }
        var page = await deliveries.ListAsync(id, status, before is null ? null : beforeId, take, await context.GetActorAsync());
        return page.Succeeded ? NoStore(context, Results.Json(page.Value)) : Problems.From(page.Refusal!);
    }

    private static async Task<IResult> ResendAsync(string id, long deliveryId, HttpContext context, WebhookDeliveries deliveries)
    {
        var resent = await deliveries.ResendAsync(id, deliveryId, await context.GetActorAsync());
        return resent.Succeeded ? Results.Accepted($"/api/webhooks/{id}/deliveries", resent.Value) : Problems.From(resent.Refusal!);
    }

    private static async Task<Outcome<WebhookInput>> ReadAsync(HttpContext context, IOptions<CmsOptions> options)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return body.Refusal!;
        var errors = new ValidationErrors();
        var input = WebhookInput.Read(body.Value!, errors);
        return errors.Any ? errors.ToRefusal() : input;
    }

    /// <summary>Subscriptions and their log are an administrator's: never kept by a cache (a new secret least of all).</summary>
    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }
}

using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Changes;
using Cms.Content;
using Cms.Security;
using Microsoft.Extensions.Options;
using Cms.OpenApi;

namespace Cms.Clients;

/// <summary>
/// <c>/api/clients</c> (ManageClients): list, create (the secret is in that answer only), change permissions, revoke.
/// A client then asks <c>/connect/token</c> for a token with <c>grant_type=client_credentials</c>.
/// </summary>
public static class ClientsApi
{
    public static void AddIntegrationClients(this IServiceCollection services)
    {
        services.AddScoped<IntegrationClients>();
        services.AddChangeFeedListener<IntegrationClientCache>();
    }

    public static void MapClientsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/clients").DisableAntiforgery().WithTags("Clients")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithSummary("List the integration clients").Produces<ItemList<ClientView>>();
        api.MapPost("/", CreateAsync).WithSummary("Create an integration client")
            .WithDescription("The answer holds the client's secret: the only time it is shown. The permissions given cannot exceed the caller's.")
            .Reads<ClientBody>().Produces<ClientView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapPut("/{clientId}/permissions", SetPermissionsAsync).WithSummary("Replace a client's permissions")
            .Reads<ClientPermissionsBody>().Produces<ClientView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("/{clientId}", RevokeAsync).WithSummary("Revoke a client (its tokens stop working at once)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IntegrationClients clients)
    {
        var list = await clients.ListAsync(await context.GetActorAsync());
        return list.Succeeded ? Results.Json(new { items = list.Value }) : Problems.From(list.Refusal!);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IntegrationClients clients, IOptions<CmsOptions> options)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ManageClients, "Managing integration clients") is { } refusal) return Problems.From(refusal);
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        if (body.Value!["name"] is { } name && (name is not JsonValue v || !v.TryGetValue<string>(out _))) return Problems.Invalid("name", "name must be a string.");
        if (!TryPermissions(body.Value!, out var permissions)) return Problems.Invalid("permissions", "permissions must be an array of permission names.");

        var created = await clients.CreateAsync(body.Value!["name"]?.GetValue<string>(), permissions, actor);
        if (!created.Succeeded) return Problems.From(created.Refusal!);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Created($"/api/clients/{created.Value!.ClientId}", created.Value);
    }

    private static async Task<IResult> SetPermissionsAsync(string clientId, HttpContext context, IntegrationClients clients, IOptions<CmsOptions> options)
    {
        var actor = await context.GetActorAsync();
        if (actor.Lacks(Permissions.ManageClients, "Managing integration clients") is { } refusal) return Problems.From(refusal);
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        if (!TryPermissions(body.Value!, out var permissions)) return Problems.Invalid("permissions", "permissions must be an array of permission names.");
        var changed = await clients.SetPermissionsAsync(clientId, permissions, actor);
        return changed.Succeeded ? Results.Json(changed.Value) : Problems.From(changed.Refusal!);
    }

    private static async Task<IResult> RevokeAsync(string clientId, HttpContext context, IntegrationClients clients)
    {
        var revoked = await clients.RevokeAsync(clientId, await context.GetActorAsync());
        return revoked.Succeeded ? Results.NoContent() : Problems.From(revoked.Refusal!);
    }

    /// <summary>False when <c>permissions</c> is there but not an array of strings; null in <paramref name="permissions"/> when absent.</summary>
    private static bool TryPermissions(JsonObject body, out List<string>? permissions)
    {
        permissions = null;
        if (body["permissions"] is not { } node) return !body.ContainsKey("permissions");
        if (node is not JsonArray array) return false;
        permissions = [];
        foreach (var element in array)
        {
            if (element is not JsonValue value || !value.TryGetValue<string>(out var name)) return false;
            permissions.Add(name);
        }
        return true;
    }
}

using Cms.Changes;

namespace Cms.Api;

/// <summary>
/// CORS for the delivery API: pages of the origins in <c>Cms:Api:Cors:Origins</c> may read content, GraphQL, search,
/// categories and media descriptions from a browser. Never with credentials: a page of another site must not read
/// drafts with the admin cookie of whoever visits it (and that cookie is not honoured cross-origin anyway, see
/// <c>CmsApp.SelectScheme</c>). Writes are not covered: they are for servers, which need no CORS.
/// </summary>
public static class DeliveryCors
{
    public const string Policy = "Delivery";

    /// <summary>By path prefix, so that an endpoint added under one (GraphQL) is covered without naming it.</summary>
    private static readonly string[] ReadPrefixes = ["/api/content", "/api/graphql", "/api/search", "/api/categories", "/api/media/info"];

    /// <summary>GraphQL queries are POSTs; everywhere else reads are GET and HEAD.</summary>
    private const string PostReadPrefix = "/api/graphql";

    public static void AddDeliveryCors(this IServiceCollection services, CmsOptions options)
    {
        var origins = options.Api.Cors.Origins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).ToArray();
        services.AddCors(o => o.AddPolicy(Policy, policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post)
            .WithHeaders("Authorization", "Content-Type", "If-None-Match", ChangeSequenceMiddleware.Header, Preview.PreviewApi.Header)
            .WithExposedHeaders(ChangeSequenceMiddleware.Header, "ETag")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }

    public static void UseDeliveryCors(this WebApplication app, CmsOptions options)
    {
        if (!options.Api.Cors.Origins.Any(o => !string.IsNullOrWhiteSpace(o))) return;
        app.UseWhen(IsDeliveryRead, branch => branch.UseCors(Policy));
    }

    /// <summary>A read of the delivery API, or the preflight of one.</summary>
    private static bool IsDeliveryRead(HttpContext context)
    {
        var request = context.Request;
        var prefix = ReadPrefixes.FirstOrDefault(p => request.Path.StartsWithSegments(p));
        if (prefix is null) return false;
        var method = HttpMethods.IsOptions(request.Method) ? request.Headers.AccessControlRequestMethod.ToString() : request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || (HttpMethods.IsPost(method) && prefix == PostReadPrefix);
    }
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Api.Fuzz;

/// <summary>
/// One way in: a route pattern with the methods it answers, the names its handler reads (query or form), and for a
/// Razor page handler, its name (sent as <c>?handler=</c>).
/// </summary>
public sealed record FuzzRoute(RoutePattern Pattern, IReadOnlyList<string> Methods, IReadOnlyList<string> Names, string? Handler = null, bool IsPage = false)
{
    public string Text => "/" + Pattern.RawText?.TrimStart('/');

    public override string ToString() => $"{string.Join('|', Methods)} {Text}{(Handler is null ? "" : "?handler=" + Handler)}";
}

/// <summary>The routes the host maps, read from its <see cref="EndpointDataSource"/>: whatever is added later is fuzzed too.</summary>
public static partial class FuzzRoutes
{
    /// <summary>Requests that would undo the run's own ground (an index rebuilt, a recipe run again): never sent.</summary>
    private static readonly string[] LeftOut = ["/api/search/indexes/{name}/rebuild", "/api/recipes/{name}/run"];

    private static readonly string[] AnyMethod = ["GET", "POST", "PUT", "DELETE"];

    public static async Task<IReadOnlyList<FuzzRoute>> ListAsync(IServiceProvider services)
    {
        var routes = new List<FuzzRoute>();
        var pages = services.GetRequiredService<PageLoader>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (LeftOut.Contains("/" + pattern.RawText?.TrimStart('/'), StringComparer.Ordinal)) continue;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await pages.LoadAsync(page, endpoint.Metadata);
                var bound = compiled.BoundProperties.Select(p => p.Name);
                foreach (var handler in compiled.HandlerMethods)
                {
                    // Deleting is left out: the run's own data must outlive it.
                    if (handler.Name?.Contains("Delete", StringComparison.OrdinalIgnoreCase) == true) continue;
                    routes.Add(new FuzzRoute(pattern, [handler.HttpMethod.ToUpperInvariant()], [.. handler.Parameters.Select(p => p.Name), .. bound], handler.Name, IsPage: true));
                }
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? AnyMethod;
            var names = endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
                .Where(p => pattern.GetParameter(p.Name) is null && IsRequestValue(p.ParameterInfo.ParameterType))
                .Select(p => p.Name).ToList();
            routes.Add(new FuzzRoute(pattern, [.. methods], names));
        }
        // In a stable order, so that a seed draws the same requests whatever order the data sources list them in.
        return [.. routes.OrderBy(r => r.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>The values a regex constraint allows, when it lists them (<c>^(submit|reject)$</c>); empty otherwise.</summary>
    public static IReadOnlyList<string> Alternatives(RoutePatternParameterPart parameter)
    {
        foreach (var policy in parameter.ParameterPolicies)
        {
            if (policy.Content is { } content && Listed().Match(content) is { Success: true } match) return match.Groups[1].Value.Split('|');
        }
        return [];
    }

    private static bool IsRequestValue(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t.IsPrimitive || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(Guid) || t.IsEnum;
    }

    [GeneratedRegex(@"\^\(([\w|-]+)\)\$")]
    private static partial Regex Listed();
}

using Cms.Changes;

namespace Cms.GraphQL;

public static class GraphQLSetup
{
    public static void AddCmsGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphQLOptions>(configuration.GetSection(GraphQLOptions.Section));
        services.AddSingleton<ContentSchema>();
        services.AddChangeFeedListener<GraphQLAnswerCache>();
    }

    /// <summary><c>GET|POST /api/graphql</c>. It can search, so a request carrying Cms-Seq waits for this node's indexes too.</summary>
    public static void MapGraphQL(this IEndpointRouteBuilder app) =>
        app.MapMethods("/api/graphql", [HttpMethods.Get, HttpMethods.Post], GraphQLEndpoint.HandleAsync)
            .DisableAntiforgery().WithMetadata(new WaitsForSearchIndexes());
}

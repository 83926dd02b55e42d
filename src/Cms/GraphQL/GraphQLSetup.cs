using Cms.Changes;
using Cms.OpenApi;

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
            .DisableAntiforgery().WithMetadata(new WaitsForSearchIndexes())
            .WithTags("GraphQL").WithSummary("Run a GraphQL query")
            .WithDescription("GraphQL over HTTP: POST a JSON body, or GET with query, variables (JSON) and operationName in the query string. What goes wrong in the query is in the answer's errors.")
            .ReadsQuery("query", "The GraphQL document.", method: HttpMethods.Get)
            .ReadsQuery("variables", "The query's variables, as a JSON object.", method: HttpMethods.Get)
            .ReadsQuery("operationName", "Which operation of the document to run.", method: HttpMethods.Get)
            .ReadsOptional<GraphQLRequestBody>()
            .Produces<GraphQLResponseBody>(StatusCodes.Status200OK, "application/graphql-response+json", "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}

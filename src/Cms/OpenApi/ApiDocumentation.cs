using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace Cms.OpenApi;

/// <summary>
/// What an endpoint says of itself in the OpenAPI document, beyond what the generator sees: the handlers return
/// <see cref="IResult"/> and read their bodies by hand, so their answers and bodies are declared next to their routes.
/// </summary>
public static class ApiDocumentation
{
    public const string ProblemContentType = "application/problem+json";
    public const string Json = "application/json";
    public const string Form = "application/x-www-form-urlencoded";
    public const string Multipart = "multipart/form-data";

    /// <summary>
    /// The body the handler reads, for the document only. Not <c>Accepts&lt;T&gt;()</c>: its metadata also makes routing
    /// refuse any other Content-Type with a bare 415 before the handler can name the fault (and the token endpoint answer
    /// in OAuth's shape).
    /// </summary>
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new RequestBodyDescription(typeof(T), contentTypes.Length == 0 ? [Json] : contentTypes, Required: true));

    /// <summary>As <see cref="Reads{T}"/>, for a body that may be left out (a transition without a comment).</summary>
    public static RouteHandlerBuilder ReadsOptional<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new RequestBodyDescription(typeof(T), contentTypes.Length == 0 ? [Json] : contentTypes, Required: false));

    /// <summary>Refusals as problem details (<see cref="Problem"/>: <c>errors</c> keyed by field path), one per status.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes) builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Problem), [ProblemContentType]));
        return builder;
    }

    /// <summary>A query parameter the handler reads from the request itself (so the generator cannot see it).</summary>
    public static RouteHandlerBuilder ReadsQuery(this RouteHandlerBuilder builder, string name, string description, bool required = false, string? method = null) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (method is not null && !string.Equals(method, context.Description.HttpMethod, StringComparison.OrdinalIgnoreCase)) return Task.CompletedTask;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Required = required,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });

    /// <summary>Also open to whoever holds a preview link's token (header or query): that one item's latest version.</summary>
    public static RouteHandlerBuilder OpensWithPreviewToken(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new PreviewTokenAccess());
}

/// <summary>The body an endpoint reads (see <see cref="ApiDocumentation.Reads{T}"/>), put in the document by <see cref="RequestBodies"/>.</summary>
public sealed record RequestBodyDescription(Type Type, IReadOnlyList<string> ContentTypes, bool Required);

/// <summary>Marks an endpoint a preview token opens (see <see cref="OpenApiSecurity"/>).</summary>
public sealed record PreviewTokenAccess;

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.OpenApi;

/// <summary>Puts the body an endpoint declares with <see cref="ApiDocumentation.Reads{T}"/> in its operation.</summary>
internal sealed class RequestBodies : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDescription>().LastOrDefault();
        // One route may answer several methods (GraphQL's GET and POST): a GET reads its query string, never a body.
        if (body is null || HttpMethods.IsGet(context.Description.HttpMethod ?? "")) return;
        var schema = await SchemaAsync(body.Type, context, cancellationToken);
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var contentType in body.ContentTypes) content[contentType] = new OpenApiMediaType { Schema = schema };
        operation.RequestBody = new OpenApiRequestBody { Required = body.Required, Content = content };
    }

    /// <summary>
    /// The generator gives a transformer the schema inline: it is put in the components, under the type's name, so that
    /// a body that is also an answer (the content item) is one schema, and a client generator makes one class of it.
    /// </summary>
    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        if (context.Document is not { } document || type.IsGenericType) return schema;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }
}

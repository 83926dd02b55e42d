using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.OpenApi;

/// <summary>Puts the body an endpoint declares with <see cref="ApiDocumentation.Reads{T}"/> in its operation.</summary>
internal sealed class RequestBodies : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDescription>().LastOrDefault();
        if (body is null) return;
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var contentType in body.ContentTypes)
        {
            content[contentType] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken) };
        }
        operation.RequestBody = new OpenApiRequestBody { Required = body.Required, Content = content };
    }
}

using Cms.Preview;
using Cms.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.OpenApi;

/// <summary>
/// How a caller proves who they are: a bearer token from <c>/connect/token</c> (OAuth 2.0 password and client
/// credentials grants), the admin's cookie (API reads from the same origin only: writes need a token, see
/// <c>CmsApp.SelectScheme</c>), and a preview link's token for the one item it opens. Every operation may also be called
/// anonymously: what a caller may see or do is decided per request (a reader sees published items only).
/// </summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string OAuth2 = "oauth2";
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    public const string PreviewHeader = "previewTokenHeader";
    public const string PreviewQuery = "previewTokenQuery";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var tokenUrl = new Uri(TokenEndpoint.Path, UriKind.Relative);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [OAuth2] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "A token from POST /connect/token: the password grant for people, the client credentials grant for integration clients (/api/clients).",
                Flows = new OpenApiOAuthFlows
                {
                    Password = new OpenApiOAuthFlow { TokenUrl = tokenUrl, Scopes = new Dictionary<string, string>() },
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = tokenUrl, Scopes = new Dictionary<string, string>() },
                },
            },
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The access_token of POST /connect/token, as `Authorization: Bearer …`.",
            },
            [Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "cms.auth",
                Description = "The admin's sign-in cookie: honoured for API reads from the same origin only; API writes need a bearer token.",
            },
            [PreviewHeader] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = PreviewApi.Header,
                Description = "A preview link's token (POST /api/content/{contentItemId}/preview-links): opens that item's latest version.",
            },
            [PreviewQuery] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = "previewToken",
                Description = "A preview link's token, in the query string instead of the Preview-Token header.",
            },
        };
        document.Security = [Requirement(document, OAuth2), Requirement(document, Bearer), Requirement(document, Cookie), new OpenApiSecurityRequirement()];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        // The token endpoint authenticates the request itself (the form, or HTTP Basic for a client).
        if (metadata.OfType<IAllowAnonymous>().Any()) operation.Security = [];
        else if (metadata.OfType<PreviewTokenAccess>().Any())
        {
            var document = context.Document;
            operation.Security =
            [
                Requirement(document, OAuth2), Requirement(document, Bearer), Requirement(document, Cookie),
                Requirement(document, PreviewHeader), Requirement(document, PreviewQuery), new OpenApiSecurityRequirement(),
            ];
        }
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument? document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}

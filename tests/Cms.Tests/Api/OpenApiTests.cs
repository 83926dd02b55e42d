using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.OpenApi;
using Cms.Tests.Security;
using Cms.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> describes the whole REST API as the host maps it (routes read from its endpoints, not listed
/// here), with bodies, answers and refusals; <c>/api/docs</c> renders it under the page's Content-Security-Policy.
/// </summary>
public sealed partial class OpenApiTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    /// <summary>POSTs that act on the route alone: they read no body.</summary>
    private static readonly string[] Bodiless =
        ["/api/search/indexes/{name}/rebuild", "/api/recipes/{name}/run", "/api/webhooks/{id}/ping", "/api/webhooks/{id}/deliveries/{deliveryId}/resend"];

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_for_the_api_only()
    {
        var document = await DocumentAsync(Host);

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.Matches("^/(api|connect)/", p));
        Assert.DoesNotContain(paths, p => p.StartsWith(OpenApiSetup.ReferencePath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_mapped_api_route_is_in_the_document_with_each_of_its_methods()
    {
        var document = await DocumentAsync(Host);
        var routes = ApiRoutes(Host);

        Assert.True(routes.Count > 40, $"only {routes.Count} API routes were found");
        var paths = document["paths"]!.AsObject();
        var missing = routes.Where(r => paths[r.Path]?[r.Method.ToLowerInvariant()] is null).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(missing.Count == 0, "not in the document: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_operation_says_its_tag_summary_answer_and_refusals()
    {
        var document = await DocumentAsync(Host);

        var described = document["tags"]!.AsArray().Where(t => !string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>()))
            .Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        var faults = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (operation["tags"] is not JsonArray { Count: > 0 } tags) faults.Add(name + ": no tag");
            else if (tags.Select(t => t!.GetValue<string>()).FirstOrDefault(t => !described.Contains(t)) is { } unknown) faults.Add($"{name}: tag {unknown} is not described");
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) faults.Add(name + ": no summary");
            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (!success.Any(r => HasSchema(r.Value, "application/json") || HasSchema(r.Value, "application/graphql-response+json")
                || (r.Key is "204" or "202" or "302" && r.Value?["content"] is null)))
            {
                faults.Add(name + ": no 2xx answer with a schema");
            }
            var refusals = responses.Where(r => r.Key.StartsWith('4') && HasSchema(r.Value, "application/problem+json")).ToList();
            if (refusals.Count == 0) faults.Add(name + ": no 4xx problem details");
            if (refusals.Any(r => r.Value!["content"]!["application/problem+json"]!["schema"]!["$ref"]?.GetValue<string>() != "#/components/schemas/Problem"))
            {
                faults.Add(name + ": a refusal that is not the Problem schema");
            }
        }
        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    [Fact]
    public async Task Every_endpoint_that_reads_a_body_has_its_schema_and_the_others_none()
    {
        var document = await DocumentAsync(Host);

        var faults = new List<string>();
        foreach (var route in ApiRoutes(Host))
        {
            var name = $"{route.Method} {route.Path}";
            var requestBody = document["paths"]![route.Path]?[route.Method.ToLowerInvariant()]?["requestBody"];
            // A GET reads its query string (GraphQL's GET and POST share a route and its metadata).
            if (route.Body is { } body && route.Method != HttpMethods.Get)
            {
                foreach (var contentType in body.ContentTypes)
                {
                    if (!HasBodySchema(document, requestBody, contentType)) faults.Add($"{name}: no {contentType} body schema");
                }
                if ((requestBody?["required"]?.GetValue<bool>() ?? false) != body.Required) faults.Add($"{name}: body required is not {body.Required}");
            }
            else if (route.Method is "POST" or "PUT" or "PATCH" && !Bodiless.Contains(route.Path))
            {
                faults.Add($"{name}: reads a body the document does not describe (declare it with Reads<T>)");
            }
            else if (requestBody is not null)
            {
                faults.Add($"{name}: a body in the document, none read");
            }
        }
        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    [Fact]
    public async Task A_content_body_is_the_orchard_shaped_item_and_a_refusal_names_fields_by_path()
    {
        var document = await DocumentAsync(Host);
        var schemas = document["components"]!["schemas"]!;

        var create = document["paths"]!["/api/content"]!["post"]!;
        Assert.Equal("#/components/schemas/ContentItemDocument", create["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ContentItemDocument", create["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var item = schemas["ContentItemDocument"]!;
        foreach (var member in (string[])["ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published", "Status",
            "CreatedUtc", "ModifiedUtc", "PublishedUtc", "Owner", "Author"])
        {
            Assert.NotNull(item["properties"]![member]);
        }
        Assert.Equal("object", item["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Equal("ContentType", item["discriminator"]!["propertyName"]!.GetValue<string>());

        var errors = schemas["Problem"]!["properties"]!["errors"]!;
        Assert.Contains("object", Types(errors));
        Assert.Contains("array", Types(errors["additionalProperties"]!));
        Assert.Contains("string", Types(errors["additionalProperties"]!["items"]!));
    }

    [Fact]
    public async Task The_security_schemes_are_the_token_endpoint_s_grants_the_cookie_and_the_preview_token()
    {
        var document = await DocumentAsync(Host);
        var schemes = document["components"]!["securitySchemes"]!;

        var flows = schemes["oauth2"]!["flows"]!;
        Assert.Equal("/connect/token", flows["password"]!["tokenUrl"]!.GetValue<string>());
        Assert.Equal("/connect/token", flows["clientCredentials"]!["tokenUrl"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal(("cookie", "cms.auth"), (schemes["cookie"]!["in"]!.GetValue<string>(), schemes["cookie"]!["name"]!.GetValue<string>()));
        Assert.Equal(("header", "Preview-Token"), (schemes["previewTokenHeader"]!["in"]!.GetValue<string>(), schemes["previewTokenHeader"]!["name"]!.GetValue<string>()));
        Assert.Equal(("query", "previewToken"), (schemes["previewTokenQuery"]!["in"]!.GetValue<string>(), schemes["previewTokenQuery"]!["name"]!.GetValue<string>()));
        var read = document["paths"]!["/api/content/{contentItemId}"]!["get"]!["security"]!.AsArray();
        Assert.Contains(read, r => r!.AsObject().ContainsKey("previewTokenHeader"));
        Assert.Empty(document["paths"]!["/connect/token"]!["post"]!["security"]!.AsArray());
        Assert.Contains(document["security"]!.AsArray(), r => r!.AsObject().ContainsKey("oauth2"));
    }

    [Fact]
    public async Task The_token_endpoint_reads_a_form_and_answers_a_token_or_an_oauth_error()
    {
        var document = await DocumentAsync(Host);

        var token = document["paths"]!["/connect/token"]!["post"]!;
        var form = token["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        var properties = Resolve(document, form)!["properties"]!.AsObject();
        Assert.All((string[])["grant_type", "username", "password", "client_id", "client_secret"], p => Assert.True(properties.ContainsKey(p), p));
        var answer = Resolve(document, token["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        Assert.NotNull(answer!["properties"]!["access_token"]);
        var error = Resolve(document, token["responses"]!["400"]!["content"]!["application/json"]!["schema"]!);
        Assert.NotNull(error!["properties"]!["error_description"]);
    }

    [Fact]
    public async Task Each_content_type_of_the_definitions_has_a_schema_of_its_parts_and_fields_following_a_recipe()
    {
        const string recipe = """
            { "name": "encart", "steps": [ { "name": "ContentDefinition",
              "ContentTypes": [ { "Name": "Encart", "DisplayName": "Encart", "ContentTypePartDefinitionRecords": [
                { "PartName": "TitlePart", "Name": "TitlePart" }, { "PartName": "Encart", "Name": "Encart" } ] } ],
              "ContentParts": [ { "Name": "Encart", "ContentPartFieldDefinitionRecords": [
                { "FieldName": "TextField", "Name": "Chapo", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Chapô", "Role": "Standfirst" } } },
                { "FieldName": "NumericField", "Name": "Rang" } ] } ] } ] }
            """;
        using var recipes = new RecipesFolder(new Dictionary<string, string> { ["encart"] = recipe });
        await using var host = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:RecipesPath"] = recipes.Path });
        var before = await DocumentAsync(host);
        Assert.Null(before["components"]!["schemas"]!["EncartContentItem"]);

        using var admin = await host.AdminClientAsync();
        (await admin.PostAsync("/api/recipes/encart/run", null)).EnsureSuccessStatusCode();
        var after = await DocumentAsync(host);

        var schemas = after["components"]!["schemas"]!;
        var encart = schemas["EncartContentItem"]!["allOf"]!.AsArray();
        Assert.Equal("#/components/schemas/ContentItemDocument", encart[0]!["$ref"]!.GetValue<string>());
        var parts = encart[1]!["properties"]!;
        Assert.Equal("Encart", parts["ContentType"]!["const"]!.GetValue<string>());
        Assert.NotNull(parts["TitlePart"]!["properties"]!["Title"]);
        var chapo = parts["Encart"]!["properties"]!["Chapo"]!;
        Assert.NotNull(chapo["properties"]!["Text"]);
        Assert.Contains("Standfirst", chapo["description"]!.GetValue<string>());
        Assert.Contains("number", Types(parts["Encart"]!["properties"]!["Rang"]!["properties"]!["Value"]!));
        var mapping = schemas["ContentItemDocument"]!["discriminator"]!["mapping"]!;
        Assert.Equal("#/components/schemas/EncartContentItem", mapping["Encart"]!.GetValue<string>());
        Assert.NotNull(mapping["Article"]);
    }

    [Fact]
    public async Task The_api_reference_page_runs_its_scripts_with_the_answer_s_nonce()
    {
        using var client = Host.CreateClient();

        var response = await client.GetAsync(OpenApiSetup.ReferencePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var nonces = SecuredAnswer.Policy(response)["script-src"].Where(s => s.StartsWith("'nonce-", StringComparison.Ordinal)).ToList();
        var nonce = Assert.Single(nonces)["'nonce-".Length..^1];
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", WebUtility.HtmlDecode(s)));
        Assert.Contains("openapi/v1.json", html);
    }

    [Fact]
    public async Task The_document_is_served_to_anyone_as_json()
    {
        using var anonymous = Host.CreateClient();

        var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["'none'"], SecuredAnswer.Policy(response)["default-src"]);
    }

    private static async Task<JsonObject> DocumentAsync(CmsHost host)
    {
        using var client = host.CreateClient();
        return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    private sealed record ApiRoute(string Path, string Method, RequestBodyDescription? Body);

    /// <summary>Every route the host maps under /api/ and /connect/ with its methods (the reference page's aside), as the document writes its path.</summary>
    private static List<ApiRoute> ApiRoutes(CmsHost host)
    {
        var routes = new List<ApiRoute>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods) continue;
            var path = DocumentPath(endpoint.RoutePattern);
            if (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/connect/", StringComparison.Ordinal)) continue;
            if (path == OpenApiSetup.ReferencePath || path.StartsWith(OpenApiSetup.ReferencePath + "/", StringComparison.Ordinal)) continue;
            var body = endpoint.Metadata.GetMetadata<RequestBodyDescription>();
            routes.AddRange(methods.HttpMethods.Where(m => m != HttpMethods.Head).Select(m => new ApiRoute(path, m, body)));
        }
        return routes;
    }

    /// <summary><c>/api/webhooks/{id}/deliveries/{deliveryId:long}/resend</c> → <c>…/{deliveryId}/resend</c>; <c>{**path}</c> → <c>{path}</c>.</summary>
    private static string DocumentPath(RoutePattern pattern)
    {
        var text = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            text.Append('/');
            foreach (var part in segment.Parts)
            {
                text.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                });
            }
        }
        return text.ToString();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "get" or "put" or "post" or "delete" or "patch") yield return (path, method, operation!.AsObject());
            }
        }
    }

    private static bool HasSchema(JsonNode? holder, string contentType) => holder?["content"]?[contentType]?["schema"] is JsonObject { Count: > 0 };

    /// <summary>The body's schema for <paramref name="contentType"/> is there, and so is the component it refers to.</summary>
    private static bool HasBodySchema(JsonObject document, JsonNode? requestBody, string contentType) =>
        requestBody?["content"]?[contentType]?["schema"] is { } schema && Resolve(document, schema) is JsonObject { Count: > 0 };

    private static JsonNode? Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? document["components"]?["schemas"]?[reference.Split('/')[^1]] : schema;

    /// <summary>A schema's type or types (3.1 writes a nullable one as <c>["string","null"]</c>).</summary>
    private static IReadOnlyList<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}

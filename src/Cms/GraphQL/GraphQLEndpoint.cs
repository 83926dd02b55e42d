using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Content;
using Cms.Preview;
using Cms.Security;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Cms.GraphQL;

/// <summary>What a GraphQL request asks: the query text, its variables and which operation to run.</summary>
internal sealed record GraphQLCall(string Query, Inputs Variables, string? OperationName, string? VariablesJson);

/// <summary>
/// <c>/api/graphql</c>, after the GraphQL over HTTP spec: POST with a JSON body <c>{query, variables, operationName}</c>, or GET
/// with the same in the query string for reads a cache may keep. The answer is <c>application/graphql-response+json</c>
/// when the client accepts it, else <c>application/json</c>; what goes wrong in the query is in its <c>errors</c>, and a
/// request that is not a GraphQL request at all (bad JSON, no query, variables that are not an object) is a 400 problem.
/// </summary>
internal static class GraphQLEndpoint
{
    public const string ResponseMediaType = "application/graphql-response+json";

    private static readonly DocumentExecuter Executer = new(new GraphQLDocumentBuilder(), new DocumentValidator(),
        // Serial: the request's one DbContext is never used by two fields at once; batches still form (see BatchLoader).
        new DefaultExecutionStrategySelector([new ExecutionStrategyRegistration(SerialExecutionStrategy.Instance, OperationType.Query)]), []);

    private static readonly GraphQLSerializer Serializer = new(o => o.Encoder = ContentItemJson.WriterOptions.Encoder);

    public static async Task HandleAsync(HttpContext context, ContentSchema schema, IOptions<GraphQLOptions> options, IOptions<CmsOptions> cms,
        GraphQLAnswerCache answers, ILogger<ContentSchema> logger)
    {
        var call = HttpMethods.IsPost(context.Request.Method)
            ? await ReadBodyAsync(context.Request, cms.Value.Api.MaxJsonBodyBytes)
            : ReadQueryString(context.Request.Query);
        if (!call.Succeeded)
        {
            await Problems.From(call.Refusal!).ExecuteAsync(context);
            return;
        }

        var limits = options.Value;
        var request = new GraphQLRequestContext(await ActorAsync(context), context.RequestServices, context.Request.Headers[PreviewApi.Header].FirstOrDefault(),
            cms.Value.Api.MaxPageSize);
        var graphQLMediaType = AcceptsGraphQLResponse(context.Request);
        // An anonymous read is everyone's answer: kept for the next identical request until a change readers see.
        var key = answers.Enabled && !request.Actor.IsAuthenticated && request.PreviewToken is null
            ? new GraphQLAnswerKey(call.Value!.Query, call.Value.VariablesJson, call.Value.OperationName, graphQLMediaType)
            : null;
        if (key is not null && answers.Find(key) is { } kept)
        {
            await SendAsync(context, kept, request, graphQLMediaType);
            return;
        }
        var generation = answers.Generation;
        ExecutionResult result;
        if (call.Value!.Query.Length > limits.MaxQueryLength)
        {
            result = new ExecutionResult { Executed = false };
            result.AddError(new ExecutionError($"The query is {call.Value.Query.Length} characters long; the limit is {limits.MaxQueryLength} (Cms:GraphQL:MaxQueryLength)."));
        }
        else
        {
            result = await Executer.ExecuteAsync(new ExecutionOptions
            {
                Schema = schema.Current,
                Query = call.Value.Query,
                Variables = call.Value.Variables,
                OperationName = call.Value.OperationName,
                UserContext = request,
                RequestServices = context.RequestServices,
                CancellationToken = context.RequestAborted,
                ValidationRules = DocumentValidator.CoreRules.Append(QueryLimits.Rule(limits)),
                UnhandledExceptionDelegate = failure =>
                {
                    // Logged with its stack trace; the caller gets the field's path and a plain message.
                    logger.LogError(failure.OriginalException, "GraphQL: a field failed.");
                    return Task.CompletedTask;
                },
            });
        }
        var answer = await AnswerAsync(context, result, graphQLMediaType);
        if (key is not null && result.Executed && result.Errors is not { Count: > 0 } && !request.UsedPreview && !request.UsedSearch)
        {
            answers.Keep(key, answer, generation);
        }
        await SendAsync(context, answer, request, graphQLMediaType);
    }

    /// <summary>
    /// Drafts need a bearer token: a browser sends its cookie with any request, a form on another site's page included, so
    /// a cookie alone reads only what everyone reads (POST to the API already ignores it: see CmsApp.SelectScheme).
    /// </summary>
    private static async Task<Actor> ActorAsync(HttpContext context)
    {
        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        return bearer ? await context.GetActorAsync() : await context.RequestServices.GetRequiredService<RolePermissions>().GetActorAsync(new ClaimsPrincipal());
    }

    private static async Task<Outcome<GraphQLCall>> ReadBodyAsync(HttpRequest request, long maxBytes)
    {
        var body = await RequestJson.ReadObjectAsync(request, maxBytes);
        if (!body.Succeeded) return body.Refusal!;
        var json = body.Value!;
        if (json["query"] is not JsonValue queryValue || !queryValue.TryGetValue<string>(out var query) || string.IsNullOrWhiteSpace(query))
        {
            return Invalid("query", "query is required: the GraphQL document, as a string.");
        }
        if (json["operationName"] is { } operation && (operation is not JsonValue operationValue || !operationValue.TryGetValue<string>(out _)))
        {
            return Invalid("operationName", "operationName must be a string.");
        }
        var variables = json["variables"];
        if (variables is not null and not JsonObject) return Invalid("variables", "variables must be a JSON object of the query's variables.");
        return new GraphQLCall(query, ToInputs(variables as JsonObject), json["operationName"]?.GetValue<string>(), (variables as JsonObject)?.ToJsonString());
    }

    private static Outcome<GraphQLCall> ReadQueryString(IQueryCollection query)
    {
        var text = query["query"].ToString();
        if (string.IsNullOrWhiteSpace(text)) return Invalid("query", "query is required: the GraphQL document, in the query string.");
        JsonObject? variables = null;
        var variablesText = query["variables"].ToString();
        if (variablesText.Length > 0)
        {
            try
            {
                variables = JsonNode.Parse(variablesText) as JsonObject;
            }
            catch (JsonException)
            {
                return Invalid("variables", "variables is not valid JSON.");
            }
            if (variables is null) return Invalid("variables", "variables must be a JSON object of the query's variables.");
        }
        var operation = query["operationName"].ToString();
        return new GraphQLCall(text, ToInputs(variables), operation.Length == 0 ? null : operation, variables?.ToJsonString());
    }

    private static Inputs ToInputs(JsonObject? variables) =>
        variables is null ? Inputs.Empty : Serializer.ReadNode<Inputs>(JsonSerializer.SerializeToElement(variables)) ?? Inputs.Empty;

    private static bool AcceptsGraphQLResponse(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ResponseMediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>The answer's bytes, status and ETag (its hash).</summary>
    private static async Task<GraphQLAnswer> AnswerAsync(HttpContext context, ExecutionResult result, bool graphQLMediaType)
    {
        // With the GraphQL media type, a request that could not run (a syntax or validation error, a limit) is a 400;
        // application/json clients expect 200 and read the errors.
        var status = graphQLMediaType && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        using var buffer = new MemoryStream();
        await Serializer.WriteAsync(buffer, result, context.RequestAborted);
        var body = buffer.ToArray();
        return new GraphQLAnswer(body, status, $"\"{Convert.ToHexString(SHA256.HashData(body))[..32]}\"");
    }

    private static async Task SendAsync(HttpContext context, GraphQLAnswer answer, GraphQLRequestContext request, bool graphQLMediaType)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        response.ContentType = (graphQLMediaType ? ResponseMediaType : "application/json") + "; charset=utf-8";
        response.Headers.Vary = "Accept, Authorization, Preview-Token";
        if (request.UsedPreview)
        {
            response.Headers.CacheControl = "no-store";
        }
        else if (HttpMethods.IsGet(context.Request.Method))
        {
            // GET answers can be kept and revalidated: the ETag is the answer's hash.
            response.Headers.CacheControl = request.Actor.IsAuthenticated ? "private, no-cache" : "public, no-cache";
            response.Headers.ETag = answer.ETag;
            if (context.Request.Headers.IfNoneMatch.Contains(answer.ETag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        else
        {
            response.Headers.CacheControl = "no-store";
        }
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    private static Refusal Invalid(string field, string message) =>
        Refusal.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}

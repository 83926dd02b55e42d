using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.GraphQL;

[CollectionDefinition(Name)]
public sealed class GraphQLCollection : ICollectionFixture<GraphQLHost>
{
    public const string Name = "GraphQL";
}

/// <summary>
/// One host for the GraphQL tests, whose recipes folder holds the Enquete type (a field of every kind, a reusable part),
/// run at start, and a recipe that adds a type, run by the test of schema changes. A counter of database commands
/// is registered for the requests that ask for it.
/// </summary>
public sealed class GraphQLHost : IAsyncLifetime
{
    public const string Categories = "4c4t3g0r1e5000000000000000";

    private const string TypesRecipe = $$"""
        {
          "name": "gql-types",
          "steps": [
            {
              "name": "ContentDefinition",
              "ContentTypes": [
                {
                  "Name": "Enquete",
                  "DisplayName": "Enquête",
                  "Settings": { "ContentTypeSettings": { "Creatable": true } },
                  "ContentTypePartDefinitionRecords": [
                    { "PartName": "TitlePart", "Name": "TitlePart" },
                    { "PartName": "AutoroutePart", "Name": "AutoroutePart" },
                    { "PartName": "HtmlBodyPart", "Name": "HtmlBodyPart" },
                    { "PartName": "Enquete", "Name": "Enquete" },
                    { "PartName": "Signature", "Name": "Signature" }
                  ]
                }
              ],
              "ContentParts": [
                {
                  "Name": "Enquete",
                  "ContentPartFieldDefinitionRecords": [
                    { "FieldName": "TextField", "Name": "Resume" },
                    { "FieldName": "HtmlField", "Name": "Encadre" },
                    { "FieldName": "BooleanField", "Name": "Exclusive" },
                    { "FieldName": "NumericField", "Name": "Note" },
                    { "FieldName": "DateTimeField", "Name": "Echeance" },
                    { "FieldName": "TaxonomyField", "Name": "Rubrique", "Settings": { "TaxonomyFieldSettings": { "TaxonomyContentItemId": "{{Categories}}" } } },
                    { "FieldName": "MediaField", "Name": "Illustration", "Settings": { "MediaFieldSettings": { "Multiple": true } } },
                    { "FieldName": "ContentPickerField", "Name": "Liens" }
                  ]
                },
                {
                  "Name": "Signature",
                  "ContentPartFieldDefinitionRecords": [ { "FieldName": "TextField", "Name": "Nom" } ]
                }
              ]
            }
          ]
        }
        """;

    /// <summary>Adds a type: the schema must show it once the recipe has run.</summary>
    public const string BreveRecipe = """
        {
          "name": "gql-breve",
          "steps": [ { "name": "ContentDefinition",
            "ContentTypes": [ { "Name": "Breve", "DisplayName": "Brève", "Settings": { "ContentTypeSettings": { "Creatable": true } },
              "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" }, { "PartName": "Breve", "Name": "Breve" } ] } ],
            "ContentParts": [ { "Name": "Breve", "ContentPartFieldDefinitionRecords": [ { "FieldName": "TextField", "Name": "Lieu" } ] } ] } ]
        }
        """;

    private readonly RecipesFolder _recipes = new(new Dictionary<string, string> { ["gql-types"] = TypesRecipe, ["gql-breve"] = BreveRecipe });

    public CmsHost Cms { get; private set; } = null!;

    public CommandCounter Commands { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cms = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:RecipesPath"] = _recipes.Path }, services: services =>
        {
            services.AddHttpContextAccessor();
            services.AddSingleton<CommandCounter>();
            services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<CommandCounter>());
        });
        Commands = Cms.Services.GetRequiredService<CommandCounter>();
        using var admin = await Cms.AdminClientAsync();
        var run = await admin.PostAsync("/api/recipes/gql-types/run", null);
        if (!run.IsSuccessStatusCode) throw new InvalidOperationException(await run.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await Cms.DisposeAsync();
        _recipes.Dispose();
    }
}

/// <summary>
/// Counts the database commands run for requests that carry <see cref="Header"/>, by its value: background work (the
/// change feed, search indexes) runs none of them, so the count is what the request itself cost.
/// </summary>
public sealed class CommandCounter(IHttpContextAccessor http) : DbCommandInterceptor
{
    public const string Header = "X-Count-Commands";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _commands = new(StringComparer.Ordinal);

    /// <summary>The text of each command the requests tagged <paramref name="tag"/> ran, in order.</summary>
    public IReadOnlyList<string> Of(string tag) => _commands.TryGetValue(tag, out var commands) ? commands.ToList() : [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Count(DbCommand command)
    {
        if (http.HttpContext?.Request.Headers[Header].FirstOrDefault() is { Length: > 0 } tag) _commands.GetOrAdd(tag, _ => new()).Enqueue(command.CommandText);
    }
}

/// <summary>Sends GraphQL requests and reads their answers.</summary>
public static class GraphQLClient
{
    public static async Task<JsonObject> PostAsync(HttpClient client, string query, object? variables = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/graphql") { Content = JsonContent.Create(new { query, variables }, options: new JsonSerializerOptions()) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GraphQL answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonNode DataOf(JsonObject answer)
    {
        if (answer["errors"] is JsonArray { Count: > 0 } errors) throw new InvalidOperationException("GraphQL errors: " + errors.ToJsonString());
        return answer["data"]!;
    }

    public static IReadOnlyList<string> Errors(JsonObject answer) =>
        (answer["errors"] as JsonArray ?? []).Select(e => e!["message"]!.GetValue<string>()).ToList();

    public static IReadOnlyList<string> Strings(JsonNode? node, string property) =>
        node!.AsArray().Select(i => i![property]!.GetValue<string>()).ToList();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}

/// <summary>Enquete items: JSON in Orchard Core's shape, created and published through the content API.</summary>
public static class Enquetes
{
    public static JsonObject New(string title, JsonObject? fields = null) => new()
    {
        ["ContentType"] = "Enquete",
        ["TitlePart"] = new JsonObject { ["Title"] = title },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Le corps de l’enquête.</p>" },
        ["Enquete"] = fields ?? new JsonObject(),
    };

    public static async Task<string> DraftAsync(HttpClient client, JsonObject item) =>
        (await Articles.CreateAsync(client, item))["ContentItemId"]!.GetValue<string>();

    public static async Task<string> PublishedAsync(HttpClient client, JsonObject item)
    {
        var id = await DraftAsync(client, item);
        var published = await Articles.TransitionAsync(client, id, "publish");
        if (published.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException(await published.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>A title prefix of the test's own, so that its filters see only its items.</summary>
    public static string Marker() => "T" + Guid.NewGuid().ToString("n")[..10];
}

using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>The schema is generated from the content definitions, in Orchard Core's shape, and follows them when a recipe changes them.</summary>
[Collection(GraphQLCollection.Name)]
public sealed class GraphQLSchemaTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task A_type_a_recipe_adds_is_queryable_once_the_recipe_has_run()
    {
        using var admin = await Cms.AdminClientAsync();
        const string typeQuery = """{ __type(name: "Breve") { name fields { name type { name } } } }""";
        Assert.Null(DataOf(await PostAsync(admin, typeQuery))["__type"]);
        Assert.Contains("Cannot query field 'breve'", string.Join(" ", Errors(await PostAsync(admin, "{ breve { displayText } }"))));

        var run = await admin.PostAsync("/api/recipes/gql-breve/run", null);
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());

        var type = DataOf(await PostAsync(admin, typeQuery))["__type"]!;
        Assert.Equal("Breve", type["name"]!.GetValue<string>());
        var fields = type["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["type"]!["name"]?.GetValue<string>());
        Assert.Equal("TextField", fields["lieu"]);
        Assert.Equal("TitlePart", fields["titlePart"]);
        var id = await Enquetes.PublishedAsync(admin, new JsonObject
        {
            ["ContentType"] = "Breve",
            ["TitlePart"] = new JsonObject { ["Title"] = "Une brève de la nuit" },
            ["Breve"] = new JsonObject { ["Lieu"] = new JsonObject { ["Text"] = "Lyon" } },
        });
        var breves = DataOf(await PostAsync(Cms.CreateClient(), $$"""{ breve(where: {contentItemId: "{{id}}"}) { titlePart { title } lieu { text } } }"""))["breve"]!.AsArray();
        Assert.Equal("Lyon", Assert.Single(breves)!["lieu"]!["text"]!.GetValue<string>());
        Assert.Equal("Une brève de la nuit", breves[0]!["titlePart"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Types_have_their_parts_their_own_fields_by_name_and_reusable_parts_as_objects()
    {
        using var reader = Cms.CreateClient();

        var type = DataOf(await PostAsync(reader, """{ __type(name: "Enquete") { fields { name type { name kind ofType { name } } } interfaces { name } } }"""))["__type"]!;

        var fields = type["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["type"]!["name"]?.GetValue<string>() ?? f["type"]!["ofType"]!["name"]!.GetValue<string>());
        Assert.Equal("TitlePart", fields["titlePart"]);
        Assert.Equal("AutoroutePart", fields["autoroutePart"]);
        Assert.Equal("HtmlBodyPart", fields["htmlBodyPart"]);
        Assert.Equal("TextField", fields["resume"]);
        Assert.Equal("HtmlField", fields["encadre"]);
        Assert.Equal("BooleanField", fields["exclusive"]);
        Assert.Equal("NumericField", fields["note"]);
        Assert.Equal("DateTimeField", fields["echeance"]);
        Assert.Equal("TaxonomyField", fields["rubrique"]);
        Assert.Equal("MediaField", fields["illustration"]);
        Assert.Equal("ContentPickerField", fields["liens"]);
        Assert.Equal("Signature", fields["signature"]);
        foreach (var common in new[] { "contentItemId", "contentItemVersionId", "contentType", "displayText", "createdUtc", "modifiedUtc", "publishedUtc", "owner", "author", "published", "latest" })
        {
            Assert.Contains(common, fields.Keys);
        }
        Assert.Equal("ContentItem", Assert.Single(type["interfaces"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_query_type_has_a_field_per_content_type_named_as_orchard_names_them()
    {
        using var reader = Cms.CreateClient();

        var query = DataOf(await PostAsync(reader, """{ __schema { queryType { fields { name args { name defaultValue } } } } }"""))["__schema"]!["queryType"]!["fields"]!.AsArray();

        var names = query.Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("article", names);
        Assert.Contains("page", names);
        Assert.Contains("enquete", names);
        Assert.Contains("contentItem", names);
        Assert.Contains("search", names);
        Assert.Contains("categories", names);
        Assert.Contains("tags", names);
        var article = query.Single(f => f!["name"]!.GetValue<string>() == "article")!["args"]!.AsArray()
            .ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!["defaultValue"]?.GetValue<string>());
        Assert.Equal(new[] { "where", "orderBy", "first", "skip", "status" }, article.Keys.ToArray());
        Assert.Equal("20", article["first"]);
        Assert.Equal("0", article["skip"]);
        Assert.Equal("PUBLISHED", article["status"]);
    }

    [Fact]
    public async Task The_standard_introspection_query_of_tools_is_answered()
    {
        using var reader = Cms.CreateClient();

        var answer = await PostAsync(reader, Introspection);

        var types = DataOf(answer)["__schema"]!["types"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("Article", types);
        Assert.Contains("ArticleWhereInput", types);
        Assert.Contains("ContentItem", types);
        Assert.Contains("Status", types);
    }

    /// <summary>What GraphiQL and code generators send.</summary>
    public const string Introspection = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}

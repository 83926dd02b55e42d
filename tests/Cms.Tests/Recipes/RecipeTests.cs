using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Content.Definitions;
using Cms.Recipes;
using Cms.Security;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Recipes;

public sealed class RecipeTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private static readonly string OrchardRecipes = Path.Combine(AppContext.BaseDirectory, "Fixtures", "OrchardRecipes");

    private CmsHost Host => fixture.Host;

    private Task RunAsync(string json, string file = "test.recipe.json") =>
        Host.Services.GetRequiredService<RecipeRunner>().RunAsync(Recipe.Read(file, json), Actor.System, null);

    [Fact]
    public void Setup_recipe_defines_the_article_type_with_its_parts_and_fields()
    {
        var definitions = Host.Services.GetRequiredService<ContentDefinitionStore>().Current;
        var article = definitions.FindType("Article");
        Assert.NotNull(article);
        Assert.Equal(["Article", "AutoroutePart", "CorrectionsPart", "HtmlBodyPart", "SeoMetaPart", "TitlePart"], article.Parts.Select(p => p.PartName).Order(StringComparer.Ordinal).ToArray());
        var fields = definitions.FindPart("Article")!.Fields.ToDictionary(f => f.Name, f => f.FieldName);
        Assert.Equal("TextField", fields["Subtitle"]);
        Assert.Equal("TaxonomyField", fields["Category"]);
        Assert.Equal("TaxonomyField", fields["Tags"]);
        Assert.Equal("MediaField", fields["Image"]);
        Assert.Equal("TextField", fields["Byline"]);
        Assert.Equal("TextField", fields["Source"]);
        Assert.Equal("BooleanField", fields["Breaking"]);
        Assert.True(definitions.FindPart("Article")!.Fields.Single(f => f.Name == "Category").Required);
    }

    [Fact]
    public async Task Recipe_with_comments_and_lower_case_step_names_runs()
    {
        await RunAsync("""
        {
          "name": "commented",
          // Orchard recipes carry comments.
          "steps": [
            { "name": "contentdefinition", "ContentTypes": [ { "Name": "Brief", "Settings": { "ContentTypeSettings": { "Creatable": true } },
              "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ] } ] },
            { "name": "FEATURE", "enable": [ "OrchardCore.Title" ] },
          ]
        }
        """);
        Assert.NotNull(Host.Services.GetRequiredService<ContentDefinitionStore>().Current.FindType("Brief"));
    }

    [Fact]
    public async Task Unknown_part_is_rejected_naming_the_step_and_the_part()
    {
        var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
        { "name": "broken", "steps": [ { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Gallery",
          "ContentTypePartDefinitionRecords": [ { "PartName": "FlowPart", "Name": "FlowPart" } ] } ] } ] }
        """));
        Assert.Contains("ContentDefinition", error.Message);
        Assert.Contains("Gallery", error.Message);
        Assert.Contains("FlowPart", error.Message);
        Assert.Null(Host.Services.GetRequiredService<ContentDefinitionStore>().Current.FindType("Gallery"));
    }

    [Fact]
    public async Task Unknown_field_type_is_rejected_naming_the_part_and_the_field()
    {
        var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
        { "name": "broken", "steps": [ { "name": "ContentDefinition", "ContentParts": [ { "Name": "Poll",
          "ContentPartFieldDefinitionRecords": [ { "FieldName": "ColorField", "Name": "Colour" } ] } ] } ] }
        """));
        Assert.Contains("Poll", error.Message);
        Assert.Contains("Colour", error.Message);
        Assert.Contains("ColorField", error.Message);
    }

    [Fact]
    public async Task Unknown_step_is_rejected_by_name()
    {
        var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
        { "name": "broken", "steps": [ { "name": "TeleportEverything" } ] }
        """));
        Assert.Contains("TeleportEverything", error.Message);
        Assert.Contains("step 1", error.Message);
    }

    [Fact]
    public async Task Failing_recipe_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
        { "name": "half", "steps": [
          { "name": "ContentDefinition", "ContentTypes": [ { "Name": "HalfDone", "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart" } ] } ] },
          { "name": "Content", "Data": [ { "ContentType": "NoSuchType", "ContentItemId": "4n0such0000000000000000000" } ] }
        ] }
        """));
        Assert.Null(Host.Services.GetRequiredService<ContentDefinitionStore>().Current.FindType("HalfDone"));
    }

    [Fact]
    public void Broken_json_is_reported_with_the_file_name()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Recipe.Read("bad.recipe.json", "{ \"name\": \"bad\", \"steps\": [ }"));
    }

    [Fact]
    public async Task Orchard_headless_recipe_imports_its_roles_and_skips_orchard_only_steps()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(OrchardRecipes, "headless.recipe.json"));
        await RunAsync(json, "headless.recipe.json");
        using var admin = await Host.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "moderator1", email = "m@example.org", password = "Str0ng-Password!", roles = new[] { "Moderator" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Orchard_magazine_recipe_is_refused_naming_a_part_this_cms_lacks()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(OrchardRecipes, "magazine.recipe.json"));
        var error = await Assert.ThrowsAsync<RecipeException>(() => RunAsync(json, "magazine.recipe.json"));
        Assert.Contains("ContentDefinition", error.Message);
        Assert.Contains("unknown part 'MarkdownBodyPart'", error.Message);
    }

    [Fact]
    public async Task Running_the_setup_recipe_again_duplicates_nothing()
    {
        using var client = Host.CreateClient();
        var before = await client.GetFromJsonAsync<JsonObject>("/api/content?type=Article&pageSize=100");
        var categoriesBefore = await client.GetFromJsonAsync<JsonObject>("/api/categories");

        using var admin = await Host.AdminClientAsync();
        var run = await admin.PostAsync("/api/recipes/news/run", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        var after = await client.GetFromJsonAsync<JsonObject>("/api/content?type=Article&pageSize=100");
        var categoriesAfter = await client.GetFromJsonAsync<JsonObject>("/api/categories");
        Assert.Equal(before!["total"]!.GetValue<int>(), after!["total"]!.GetValue<int>());
        Assert.Equal(categoriesBefore!["items"]!.AsArray().Count, categoriesAfter!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Only_administrators_run_recipes()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var response = await editor.Client.PostAsync("/api/recipes/news/run", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/recipes/news/run", null)).StatusCode);
    }
}

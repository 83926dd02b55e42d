using System.Text.Json.Nodes;
using Cms.Admin;
using Cms.Content;
using Cms.Content.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Cms.Tests.Admin;

public sealed class ContentFormTests
{
    private static readonly ContentTypeDefinition Article = new("Article", "Article", [],
    [
        new("TitlePart", "TitlePart", []),
        new("Article", "Article", []),
    ]);

    private static EditorField Field(string name, string fieldName, JsonObject? settings = null) =>
        new($"Article.{name}", "Article", new ContentPartFieldDefinition(name, fieldName, settings ?? []), []);

    [Fact]
    public void A_field_added_to_the_type_is_read_from_the_input_named_after_its_path()
    {
        var form = new ContentForm(Article, [Field("Lieu", "TextField"), Field("Exclusif", "BooleanField")]);

        var json = form.Read(new FormCollection(new Dictionary<string, StringValues>
        {
            ["TitlePart.Title"] = "Titre",
            ["Article.Lieu"] = " Strasbourg ",
            ["Article.Exclusif"] = new(["true", "false"]),
        }), previous: null);

        Assert.Equal("Strasbourg", json["Article"]!["Lieu"]!["Text"]!.GetValue<string>());
        Assert.True(json["Article"]!["Exclusif"]!["Value"]!.GetValue<bool>());
    }

    [Fact]
    public void Values_the_form_has_no_input_for_are_kept_from_the_version_being_edited()
    {
        var form = new ContentForm(Article, [Field("Lieu", "TextField")]);
        var previous = ContentItemJson.FromObject(new JsonObject
        {
            ["ContentType"] = "Article",
            ["Article"] = new JsonObject { ["Note"] = new JsonObject { ["Value"] = 4 }, ["Lieu"] = new JsonObject { ["Text"] = "Metz" } },
        });

        var json = form.Read(new FormCollection(new Dictionary<string, StringValues> { ["Article.Lieu"] = "Nancy" }), previous);

        Assert.Equal(4, json["Article"]!["Note"]!["Value"]!.GetValue<int>());
        Assert.Equal("Nancy", json["Article"]!["Lieu"]!["Text"]!.GetValue<string>());
    }

    [Fact]
    public void A_taxonomy_field_reads_every_selected_term()
    {
        var settings = new JsonObject { ["TaxonomyFieldSettings"] = new JsonObject { ["TaxonomyContentItemId"] = "tags" } };
        var form = new ContentForm(Article, [Field("Tags", "TaxonomyField", settings)]);

        var json = form.Read(new FormCollection(new Dictionary<string, StringValues> { ["Article.Tags"] = new(["a", "b", ""]) }), previous: null);

        Assert.Equal("tags", json["Article"]!["Tags"]!["TaxonomyContentItemId"]!.GetValue<string>());
        Assert.Equal(["a", "b"], json["Article"]!["Tags"]!["TermContentItemIds"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}

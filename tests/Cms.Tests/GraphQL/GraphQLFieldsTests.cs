using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Support;
using static Cms.Tests.GraphQL.GraphQLClient;

namespace Cms.Tests.GraphQL;

/// <summary>Every kind of field reads as Orchard Core's GraphQL shows it; media sizes outside the configured list come signed.</summary>
[Collection(GraphQLCollection.Name)]
public sealed partial class GraphQLFieldsTests(GraphQLHost fixture)
{
    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task Each_kind_of_field_and_part_reads_from_the_published_item()
    {
        using var admin = await Cms.AdminClientAsync();
        var culture = await Articles.CategoryIdAsync(admin, "culture");
        var picked = await Enquetes.PublishedAsync(admin, Enquetes.New("Le dossier lié " + Enquetes.Marker()));
        var title = "Au cœur des archives " + Enquetes.Marker();
        var id = await Enquetes.PublishedAsync(admin, Enquetes.New(title, new JsonObject
        {
            ["Resume"] = new JsonObject { ["Text"] = "Trois ans d’enquête." },
            ["Encadre"] = new JsonObject { ["Html"] = "<p>Méthode</p><script>alert(1)</script>" },
            ["Exclusive"] = new JsonObject { ["Value"] = true },
            ["Note"] = new JsonObject { ["Value"] = 4.5 },
            ["Echeance"] = new JsonObject { ["Value"] = "2025-03-01T09:30:00Z" },
            ["Rubrique"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(culture) },
            ["Illustration"] = new JsonObject { ["Paths"] = new JsonArray("2024/11/archives.jpg"), ["MediaTexts"] = new JsonArray("Les rayonnages") },
            ["Liens"] = new JsonObject { ["ContentItemIds"] = new JsonArray(picked) },
        }));
        using var reader = Cms.CreateClient();

        var item = DataOf(await PostAsync(reader, $$"""
            { contentItem(contentItemId: "{{id}}") { contentItemId contentType displayText published latest author
              ... on Enquete {
                titlePart { title } autoroutePart { path } htmlBodyPart { html }
                resume { text } encadre { html } exclusive { value } note { value } echeance { value }
                rubrique { taxonomyContentItemId termContentItemIds termContentItems { contentItemId displayText slug } }
                illustration { paths mediaTexts urls }
                liens { contentItemIds contentItems { contentItemId ... on Enquete { displayText } } }
                signature { nom { text } }
              } } }
            """))["contentItem"]!;

        Assert.Equal(id, item["contentItemId"]!.GetValue<string>());
        Assert.Equal("Enquete", item["contentType"]!.GetValue<string>());
        Assert.True(item["published"]!.GetValue<bool>());
        Assert.Equal("admin", item["author"]!.GetValue<string>());
        Assert.Equal(title, item["titlePart"]!["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(item["autoroutePart"]!["path"]!.GetValue<string>()));
        Assert.Equal("<p>Le corps de l’enquête.</p>", item["htmlBodyPart"]!["html"]!.GetValue<string>());
        Assert.Equal("Trois ans d’enquête.", item["resume"]!["text"]!.GetValue<string>());
        Assert.Equal("<p>Méthode</p>", item["encadre"]!["html"]!.GetValue<string>());
        Assert.True(item["exclusive"]!["value"]!.GetValue<bool>());
        Assert.Equal(4.5m, item["note"]!["value"]!.GetValue<decimal>());
        Assert.Equal(new DateTime(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc), item["echeance"]!["value"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal(GraphQLHost.Categories, item["rubrique"]!["taxonomyContentItemId"]!.GetValue<string>());
        Assert.Equal(culture, Assert.Single(item["rubrique"]!["termContentItemIds"]!.AsArray())!.GetValue<string>());
        var term = Assert.Single(item["rubrique"]!["termContentItems"]!.AsArray())!;
        Assert.Equal("Culture", term["displayText"]!.GetValue<string>());
        Assert.Equal("culture", term["slug"]!.GetValue<string>());
        Assert.Equal("Les rayonnages", Assert.Single(item["illustration"]!["mediaTexts"]!.AsArray())!.GetValue<string>());
        Assert.Equal("/media/2024/11/archives.jpg", Assert.Single(item["illustration"]!["urls"]!.AsArray())!.GetValue<string>());
        Assert.Equal(picked, Assert.Single(item["liens"]!["contentItems"]!.AsArray())!["contentItemId"]!.GetValue<string>());
        Assert.Null(item["signature"]!["nom"]!["text"]);
    }

    [Fact]
    public async Task Media_urls_of_configured_sizes_are_plain_and_others_carry_a_token_the_media_endpoint_accepts()
    {
        using var admin = await Cms.AdminClientAsync();
        var upload = new MultipartFormDataContent { { new ByteArrayContent(Media.TestImages.Jpeg(800, 600)), "file", "archives.jpg" }, { new StringContent("gql"), "folder" }, { new StringContent("0.3,0.4"), "rxy" } };
        var uploaded = await admin.PostAsync("/api/media", upload);
        var path = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["path"]!.GetValue<string>();
        var id = await Enquetes.PublishedAsync(admin, Enquetes.New("Une image " + Enquetes.Marker(), new JsonObject
        {
            ["Illustration"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("") },
        }));
        using var reader = Cms.CreateClient();

        var media = DataOf(await PostAsync(reader, $$"""
            { contentItem(contentItemId: "{{id}}") { ... on Enquete { illustration {
                listed: urls(width: 320, format: WEBP) signed: urls(width: 333, height: 222, format: JPEG) } } } }
            """))["contentItem"]!["illustration"]!;

        var listed = Assert.Single(media["listed"]!.AsArray())!.GetValue<string>();
        var signed = Assert.Single(media["signed"]!.AsArray())!.GetValue<string>();
        Assert.Equal($"/media/{path}?width=320&format=webp", listed);
        Assert.Matches(Token(), signed);
        var variant = await reader.GetAsync(signed);
        Assert.Equal(System.Net.HttpStatusCode.OK, variant.StatusCode);
        Assert.Equal("image/jpeg", variant.Content.Headers.ContentType!.MediaType);
        var unsigned = await reader.GetAsync(signed[..signed.IndexOf("&token=", StringComparison.Ordinal)]);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unsigned.StatusCode);
    }

    [Fact]
    public async Task A_media_size_beyond_the_largest_side_is_an_error_naming_the_limit()
    {
        using var admin = await Cms.AdminClientAsync();
        var id = await Enquetes.PublishedAsync(admin, Enquetes.New("Trop grand " + Enquetes.Marker(), new JsonObject
        {
            ["Illustration"] = new JsonObject { ["Paths"] = new JsonArray("2024/11/grand.jpg"), ["MediaTexts"] = new JsonArray("") },
        }));
        using var reader = Cms.CreateClient();

        var answer = await PostAsync(reader, $$"""{ contentItem(contentItemId: "{{id}}") { ... on Enquete { illustration { urls(width: 99999) } } } }""");

        Assert.Contains("width must be from 1 to 4096 (Cms:Media:MaxRenderSide).", Errors(answer));
    }

    [GeneratedRegex(@"^/media/gql/[^?]+\?width=333&height=222&format=jpeg&token=[A-Za-z0-9_-]+$")]
    private static partial Regex Token();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Admin;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Api.Fuzz;

/// <summary>
/// The fuzz run's own data, made through the API before it starts: an author's draft, a published article, a category,
/// an uploaded image, a preview link, an item of a type with every kind of field. Route values and query values are
/// drawn from it (as well as from garbage), so that requests reach past "not found" into the code that reads them.
/// </summary>
public sealed class FuzzSeed
{
    /// <summary>A type with a field of every kind the CMS knows, so that bodies built from it reach every field handler.</summary>
    public const string EveryFieldRecipe = """
        {
          "name": "fuzz-fields",
          "steps": [ { "name": "ContentDefinition",
            "ContentTypes": [ { "Name": "Fiche", "DisplayName": "Fiche", "Settings": { "ContentTypeSettings": { "Creatable": true } },
              "ContentTypePartDefinitionRecords": [
                { "PartName": "TitlePart", "Name": "TitlePart" },
                { "PartName": "AutoroutePart", "Name": "AutoroutePart" },
                { "PartName": "HtmlBodyPart", "Name": "HtmlBodyPart" },
                { "PartName": "Fiche", "Name": "Fiche" } ] } ],
            "ContentParts": [ { "Name": "Fiche", "ContentPartFieldDefinitionRecords": [
              { "FieldName": "TextField", "Name": "Texte" },
              { "FieldName": "HtmlField", "Name": "Encadre" },
              { "FieldName": "BooleanField", "Name": "Urgent" },
              { "FieldName": "NumericField", "Name": "Note", "Settings": { "NumericFieldSettings": { "Minimum": 0, "Maximum": 5 } } },
              { "FieldName": "DateTimeField", "Name": "Echeance" },
              { "FieldName": "MediaField", "Name": "Image" },
              { "FieldName": "ContentPickerField", "Name": "Lies" },
              { "FieldName": "TaxonomyField", "Name": "Rubrique", "Settings": { "TaxonomyFieldSettings": { "TaxonomyContentItemId": "4c4t3g0r1e5000000000000000" } } } ] } ] } ]
        }
        """;

    public required SignedInUser Author { get; init; }
    public required string AdminToken { get; init; }
    public required string AdminId { get; init; }

    /// <summary>The admin's sign-in and antiforgery cookies, and the antiforgery token that goes with them.</summary>
    public required string AdminCookies { get; init; }
    public required string AntiforgeryToken { get; init; }

    public required string DraftId { get; init; }
    public required string DraftVersionId { get; init; }
    public required string PublishedId { get; init; }
    public required string PublishedVersionId { get; init; }
    public required string PublishedPath { get; init; }
    public required string FicheId { get; init; }
    public required string CategoryId { get; init; }
    public required string CategorySlug { get; init; }
    public required string MediaPath { get; init; }
    public required string PreviewLinkId { get; init; }
    public required string PreviewToken { get; init; }

    /// <summary>
    /// Valid bodies to start from (mutated by <see cref="FuzzInputs"/>), each for the routes whose pattern starts with its
    /// prefix: a new API gets meaningful bodies from one more entry.
    /// </summary>
    public required IReadOnlyList<(string RoutePrefix, JsonObject Body)> JsonTemplates { get; init; }

    public static async Task<FuzzSeed> CreateAsync(CmsHost host)
    {
        using var admin = await host.AdminClientAsync();
        var adminToken = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        var ran = await admin.PostAsync("/api/recipes/fuzz-fields/run", null);
        if (!ran.IsSuccessStatusCode) throw new InvalidOperationException($"The fuzz recipe did not run: {await ran.Content.ReadAsStringAsync()}");

        var author = await host.CreateUserAsync("Author");
        var sport = await Articles.CategoryIdAsync(admin, "sport");
        var draft = await Articles.CreateAsync(author.Client, Articles.New("Brouillon du fuzz", sport));
        var published = await Articles.CreateAsync(admin, Articles.New("Article publié du fuzz", sport));
        var publishedId = published["ContentItemId"]!.GetValue<string>();
        var publishing = await Articles.TransitionAsync(admin, publishedId, "publish");
        if (publishing.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Publish failed: {await publishing.Content.ReadAsStringAsync()}");
        published = await Articles.ReadAsync(publishing);

        var categoryResponse = await admin.PostAsJsonAsync("/api/categories", new { name = "Rubrique du fuzz" });
        var category = await Articles.ReadAsync(categoryResponse);
        var media = await MediaApiClient.UploadNewAsync(admin, TestImages.Jpeg(64, 48), "fuzz.jpg");
        var mediaPath = MediaApiClient.PathOf(media);
        var fiche = await Articles.CreateAsync(admin, Fiche(sport, mediaPath, publishedId));
        var link = await Articles.ReadAsync(await author.Client.PostAsJsonAsync($"/api/content/{draft["ContentItemId"]}/preview-links", new { expiresInMinutes = 600 }));
        var users = await admin.GetFromJsonAsync<JsonArray>("/api/users");
        var adminId = users!.First(u => u!["userName"]!.GetValue<string>() == CmsHost.AdminUserName)!["id"]!.GetValue<string>();

        using var session = await AdminSession.SignInAsync(host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var antiforgery = await session.AntiforgeryTokenAsync("/admin/categories");

        return new FuzzSeed
        {
            Author = author,
            AdminToken = adminToken,
            AdminId = adminId,
            AdminCookies = session.CookieHeader,
            AntiforgeryToken = antiforgery,
            DraftId = draft["ContentItemId"]!.GetValue<string>(),
            DraftVersionId = draft["ContentItemVersionId"]!.GetValue<string>(),
            PublishedId = publishedId,
            PublishedVersionId = published["ContentItemVersionId"]!.GetValue<string>(),
            PublishedPath = published["AutoroutePart"]!["Path"]!.GetValue<string>(),
            FicheId = fiche["ContentItemId"]!.GetValue<string>(),
            CategoryId = category["contentItemId"]!.GetValue<string>(),
            CategorySlug = category["slug"]!.GetValue<string>(),
            MediaPath = mediaPath,
            PreviewLinkId = link["id"]!.GetValue<string>(),
            PreviewToken = link["token"]!.GetValue<string>(),
            JsonTemplates =
            [
                ("/api/content", Articles.New("Un titre", sport)),
                ("/api/content", Fiche(sport, mediaPath, publishedId)),
                ("/api/content/{contentItemId}/{transition", new JsonObject { ["comment"] = "Un commentaire", ["publishAtUtc"] = "2031-01-01T08:00:00Z" }),
                ("/api/content/{contentItemId}/preview-links", new JsonObject { ["expiresInMinutes"] = 60 }),
                ("/api/categories", new JsonObject { ["name"] = "Rubrique", ["slug"] = "rubrique" }),
                ("/api/categories/{contentItemId}/move", new JsonObject { ["position"] = 1 }),
                ("/api/users", new JsonObject { ["userName"] = "fuzz", ["email"] = "fuzz@example.org", ["password"] = "Str0ng-Password!", ["roles"] = new JsonArray("Author") }),
                ("/api/media", new JsonObject { ["alt"] = "Texte", ["caption"] = "Légende", ["credit"] = "Crédit", ["focus"] = "0.5,0.5" }),
                ("/api/lucene", new JsonObject
                {
                    ["indexName"] = "articles",
                    ["query"] = JsonNode.Parse("""{"query":{"bool":{"must":[{"match":{"Content.ContentItem.FullText":"koursk"}}]}},"from":0,"size":5,"sort":{"Content.ContentItem.PublishedUtc":{"order":"desc"}}}"""),
                }),
            ],
        };
    }

    private static JsonObject Fiche(string categoryId, string mediaPath, string pickedId) => new()
    {
        ["ContentType"] = "Fiche",
        ["TitlePart"] = new JsonObject { ["Title"] = "Une fiche" },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Corps</p>" },
        ["Fiche"] = new JsonObject
        {
            ["Texte"] = new JsonObject { ["Text"] = "Texte" },
            ["Encadre"] = new JsonObject { ["Html"] = "<p>Encadré</p>" },
            ["Urgent"] = new JsonObject { ["Value"] = true },
            ["Note"] = new JsonObject { ["Value"] = 3 },
            ["Echeance"] = new JsonObject { ["Value"] = "2030-06-01T10:00:00Z" },
            ["Image"] = new JsonObject { ["Paths"] = new JsonArray(mediaPath), ["MediaTexts"] = new JsonArray("Texte") },
            ["Lies"] = new JsonObject { ["ContentItemIds"] = new JsonArray(pickedId) },
            ["Rubrique"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(categoryId) },
        },
    };
}

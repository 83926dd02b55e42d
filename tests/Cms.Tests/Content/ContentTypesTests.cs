using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Content;

/// <summary>
/// A type defined only in a recipe works through every channel, and what the site needs to know of a type (its
/// standfirst, category, byline…) comes from the roles its fields hold, whatever the fields are named.
/// </summary>
public sealed partial class ContentTypesTests(ContentTypesTests.Host fixture) : IClassFixture<ContentTypesTests.Host>
{
    private const string Categories = "4c4t3g0r1e5000000000000000";

    private const string Chronique = $$"""
        {
          "name": "chronique",
          "steps": [
            {
              "name": "ContentDefinition",
              "ContentTypes": [
                {
                  "Name": "Chronique",
                  "DisplayName": "Chronique",
                  "Settings": { "ContentTypeSettings": { "Creatable": true } },
                  "ContentTypePartDefinitionRecords": [
                    { "PartName": "TitlePart", "Name": "TitlePart" },
                    { "PartName": "AutoroutePart", "Name": "AutoroutePart" },
                    { "PartName": "HtmlBodyPart", "Name": "HtmlBodyPart" },
                    { "PartName": "Chronique", "Name": "Chronique" }
                  ]
                },
                {
                  "Name": "Dossier",
                  "DisplayName": "Dossier",
                  "Settings": { "ContentTypeSettings": { "Creatable": true } },
                  "ContentTypePartDefinitionRecords": [
                    { "PartName": "TitlePart", "Name": "TitlePart" },
                    { "PartName": "Dossier", "Name": "Dossier" }
                  ]
                }
              ],
              "ContentParts": [
                {
                  "Name": "Chronique",
                  "ContentPartFieldDefinitionRecords": [
                    { "FieldName": "TextField", "Name": "Chapo", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Chapô", "Role": "Standfirst" } } },
                    { "FieldName": "TaxonomyField", "Name": "Rubrique", "Settings": { "ContentPartFieldSettings": { "Role": "Category" }, "TaxonomyFieldSettings": { "TaxonomyContentItemId": "{{Categories}}", "Unique": true } } },
                    { "FieldName": "TextField", "Name": "Chroniqueur", "Settings": { "ContentPartFieldSettings": { "Role": "Byline" } } }
                  ]
                },
                {
                  "Name": "Dossier",
                  "ContentPartFieldDefinitionRecords": [
                    { "FieldName": "ContentPickerField", "Name": "Articles", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Articles du dossier" } } }
                  ]
                }
              ]
            },
            { "name": "lucene-index", "Indices": [ { "chroniques": { "AnalyzerName": "frenchanalyzer", "IndexedContentTypes": [ "Chronique" ] } } ] }
          ]
        }
        """;

    private const string WrongKind = """
        { "name": "wrong-kind", "steps": [ { "name": "ContentDefinition",
          "ContentParts": [ { "Name": "Encart", "ContentPartFieldDefinitionRecords": [
            { "FieldName": "BooleanField", "Name": "Image", "Settings": { "ContentPartFieldSettings": { "Role": "LeadImage" } } } ] } ] } ] }
        """;

    private const string Twice = """
        { "name": "twice", "steps": [ { "name": "ContentDefinition",
          "ContentTypes": [ { "Name": "Billet", "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" }, { "PartName": "Billet", "Name": "Billet" } ] } ],
          "ContentParts": [ { "Name": "Billet", "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Chapo", "Settings": { "ContentPartFieldSettings": { "Role": "Standfirst" } } },
            { "FieldName": "TextField", "Name": "Resume", "Settings": { "ContentPartFieldSettings": { "Role": "Standfirst" } } } ] } ] } ] }
        """;

    /// <summary>A host whose recipes folder holds the test recipes above, with the Chronique recipe already run.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly RecipesFolder _recipes = new(new Dictionary<string, string> { ["chronique"] = Chronique, ["wrong-kind"] = WrongKind, ["twice"] = Twice });

        public CmsHost Cms { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Cms = await CmsHost.StartAsync(settings: new Dictionary<string, string?> { ["Cms:RecipesPath"] = _recipes.Path });
            using var admin = await Cms.AdminClientAsync();
            var run = await admin.PostAsync("/api/recipes/chronique/run", null);
            if (!run.IsSuccessStatusCode) throw new InvalidOperationException(await run.Content.ReadAsStringAsync());
        }

        public async Task DisposeAsync()
        {
            await Cms.DisposeAsync();
            _recipes.Dispose();
        }
    }

    private CmsHost Cms => fixture.Cms;

    [Fact]
    public async Task A_page_type_from_the_recipe_is_served_by_the_api_and_the_site_but_is_not_news()
    {
        using var admin = await Cms.AdminClientAsync();
        var title = "Qui sommes-nous " + Guid.NewGuid().ToString("n")[..6];
        var page = await PublishAsync(admin, new JsonObject
        {
            ["ContentType"] = "Page",
            ["TitlePart"] = new JsonObject { ["Title"] = title },
            ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Une rédaction indépendante.</p>" },
        });
        using var reader = Cms.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/content/{page.Id}")).StatusCode);
        var html = await reader.GetStringAsync($"/{page.Path}");
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains("<p>Une rédaction indépendante.</p>", html);
        Assert.Contains("\"@type\":\"WebPage\"", html);
        Assert.Contains($"/{page.Path}</loc>", await reader.GetStringAsync("/sitemap.xml"));
        Assert.DoesNotContain(title, await reader.GetStringAsync("/"));
        Assert.DoesNotContain(title, await reader.GetStringAsync("/rss"));
        Assert.Contains(page.Id, await reader.GetStringAsync("/api/content?type=Page"));
    }

    [Fact]
    public async Task A_type_whose_fields_have_other_names_is_news_through_the_roles_they_hold()
    {
        using var admin = await Cms.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "culture");
        var title = "La chronique du dimanche " + Guid.NewGuid().ToString("n")[..6];
        var chronique = await PublishAsync(admin, new JsonObject
        {
            ["ContentType"] = "Chronique",
            ["TitlePart"] = new JsonObject { ["Title"] = title },
            ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Le théâtre de boulevard retrouve son public.</p>" },
            ["Chronique"] = new JsonObject
            {
                ["Chapo"] = new JsonObject { ["Text"] = "Un chapô venu d’un autre champ." },
                ["Rubrique"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(category) },
                ["Chroniqueur"] = new JsonObject { ["Text"] = "Odile Ferrand" },
            },
        });
        using var reader = Cms.CreateClient();

        var home = await reader.GetStringAsync("/");
        Assert.Contains(title, home);
        Assert.Contains("Un chapô venu d’un autre champ.", home);
        Assert.Contains(title, await reader.GetStringAsync("/categorie/culture"));
        var rss = await reader.GetStringAsync("/categorie/culture/rss");
        Assert.Contains("<description>Un chapô venu d’un autre champ.</description>", rss);
        Assert.Contains("<dc:creator>Odile Ferrand</dc:creator>", rss);
        var html = await reader.GetStringAsync($"/{chronique.Path}");
        Assert.Contains("<p class=\"standfirst\">Un chapô venu d’un autre champ.</p>", html);
        Assert.Contains("Par Odile Ferrand", html);
        Assert.Contains("\"@type\":\"NewsArticle\"", html);
        Assert.Contains("\"articleSection\":\"Culture\"", html);
        // The index named by the recipe holds it; a word of the standfirst only finds it, with the standfirst as snippet.
        var (results, _) = await Search.SearchClient.WaitForAsync(reader, "index=chroniques&q=champ", r => Search.SearchClient.Ids(r).Contains(chronique.Id));
        var hit = results["items"]!.AsArray().Single(i => i!["contentItemId"]!.GetValue<string>() == chronique.Id)!;
        Assert.Equal("Culture", hit["categoryName"]!.GetValue<string>());
        Assert.Contains("<mark>champ</mark>", hit["snippet"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dossier_picks_existing_items_and_refuses_unknown_ones()
    {
        using var admin = await Cms.AdminClientAsync();
        var category = await Articles.CategoryIdAsync(admin, "politique");
        var article = await Articles.CreateAsync(admin, Articles.New("Pour le dossier " + Guid.NewGuid().ToString("n")[..6], category));
        JsonObject Dossier(string picked) => new()
        {
            ["ContentType"] = "Dossier",
            ["TitlePart"] = new JsonObject { ["Title"] = "Le dossier de la semaine" },
            ["Dossier"] = new JsonObject { ["Articles"] = new JsonObject { ["ContentItemIds"] = new JsonArray(picked) } },
        };

        var created = await admin.PostAsync("/api/content", Articles.Json(Dossier(article["ContentItemId"]!.GetValue<string>())));
        var refused = await admin.PostAsync("/api/content", Articles.Json(Dossier("aucun0000000000000000000000")));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Dossier.Articles.ContentItemIds", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("wrong-kind", "the role 'LeadImage' is held by a MediaField, not a BooleanField")]
    [InlineData("twice", "the role 'Standfirst' is held by Billet.Chapo and Billet.Resume")]
    public async Task A_role_on_the_wrong_kind_of_field_or_held_twice_is_refused_naming_it(string recipe, string message)
    {
        using var admin = await Cms.AdminClientAsync();

        var run = await admin.PostAsync($"/api/recipes/{recipe}/run", null);

        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        var detail = (await run.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Contains(message, detail);
    }

    [Fact]
    public async Task The_admin_lists_and_writes_any_type_the_newsroom_creates()
    {
        using var session = await AdminSession.SignInAsync(Cms, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var list = await session.Client.GetStringAsync("/admin/articles");
        Assert.Contains("href=\"/admin/articles/new?type=Page\"", list);
        Assert.Contains("href=\"/admin/articles/new?type=Chronique\"", list);
        var editor = await session.Client.GetStringAsync("/admin/articles/new?type=Chronique");
        Assert.Contains("Chapô", editor);
        Assert.DoesNotContain("Mots-clés", editor);

        var title = "Une page écrite dans l’admin " + Guid.NewGuid().ToString("n")[..6];
        var saved = await session.PostFormAsync("/admin/articles/new?type=Page", new Dictionary<string, string>
        {
            ["act"] = "save",
            ["TitlePart.Title"] = title,
            ["AutoroutePart.Path"] = "",
            ["HtmlBodyPart.Html"] = "<p>Texte.</p>",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = IdInLocation().Match(saved.Headers.Location!.ToString()).Groups[1].Value;
        using var admin = await Cms.AdminClientAsync();
        var stored = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=latest");
        Assert.Equal("Page", stored!["ContentType"]!.GetValue<string>());
        Assert.Equal(title, stored["TitlePart"]!["Title"]!.GetValue<string>());
        Assert.Contains(title, await session.Client.GetStringAsync("/admin/articles?type=Page"));
    }

    private static async Task<(string Id, string Path)> PublishAsync(HttpClient admin, JsonObject item)
    {
        var created = await Articles.CreateAsync(admin, item);
        var id = created["ContentItemId"]!.GetValue<string>();
        var published = await Articles.TransitionAsync(admin, id, "publish");
        if (published.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException(await published.Content.ReadAsStringAsync());
        return (id, created["AutoroutePart"]!["Path"]!.GetValue<string>());
    }

    [GeneratedRegex("/admin/articles/([a-z0-9]+)")]
    private static partial Regex IdInLocation();
}

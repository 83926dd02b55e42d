using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Tests.Security;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

/// <summary>
/// A newsroom's own workflow step, walked in chromium as people would: a recipe gives the Article a copy desk
/// ("Au secrétariat de rédaction") between review and publication, and the admin's buttons, state labels, review
/// queue and history follow it, with no code, under the Content-Security-Policy.
/// </summary>
public sealed class RecipeWorkflowBrowserTests(RecipeWorkflowBrowserTests.Host fixture) : IClassFixture<RecipeWorkflowBrowserTests.Host>
{
    private const string CopyDesk = "Au secrétariat de rédaction";
    private const string SendToCopyDesk = "Envoyer au secrétariat de rédaction";

    /// <summary>The Article type of the news recipe with a copy-desk step: publication only from the copy desk.</summary>
    private const string Workflow = """
        {
          "States": [
            { "Name": "Draft", "Kind": "Draft", "Label": "Brouillon" },
            { "Name": "InReview", "Kind": "Review", "Label": "En relecture" },
            { "Name": "Relecture", "Kind": "Review", "Label": "Au secrétariat de rédaction" },
            { "Name": "Published", "Kind": "Published", "Label": "Publié" }
          ],
          "Transitions": [
            { "Name": "submit", "Label": "Soumettre pour relecture", "AuditAction": "Submitted", "From": [ "Draft" ], "To": "InReview", "Permission": "SubmitForReview" },
            { "Name": "relire", "Label": "Envoyer au secrétariat de rédaction", "AuditAction": "SentToCopyDesk", "From": [ "InReview" ], "To": "Relecture", "Permission": "PublishContent" },
            { "Name": "reject", "Label": "Rejeter", "AuditAction": "Rejected", "From": [ "InReview", "Relecture" ], "To": "Draft", "Permission": "PublishContent", "RequiresComment": true },
            { "Name": "publish", "Label": "Publier", "AuditAction": "Published", "From": [ "Relecture" ], "To": "Published", "Permission": "PublishContent" },
            { "Name": "unpublish", "Label": "Dépublier", "AuditAction": "Unpublished", "From": [ "Published" ], "To": "Draft", "Permission": "PublishContent", "OnPublishedVersion": true }
          ]
        }
        """;

    /// <summary>A browser and a host whose recipes folder holds the news recipes and the copy desk, which is run once.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly string _recipes = Path.Combine(Path.GetTempPath(), "cms-browser-recipes-" + Guid.NewGuid().ToString("n")[..12]);

        public BrowserFixture Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_recipes);
            var news = Path.Combine(CmsApp.FindContentRoot(), "recipes", "news.recipe.json");
            foreach (var recipe in Directory.EnumerateFiles(Path.GetDirectoryName(news)!, "*.recipe.json")) File.Copy(recipe, Path.Combine(_recipes, Path.GetFileName(recipe)));
            await File.WriteAllTextAsync(Path.Combine(_recipes, "secretariat.recipe.json"), CopyDeskRecipe(await File.ReadAllTextAsync(news)));
            Browser = new BrowserFixture { Settings = new Dictionary<string, string?> { ["Cms:RecipesPath"] = _recipes } };
            await Browser.InitializeAsync();
            using var admin = await Browser.Host.AdminClientAsync();
            var run = await admin.PostAsync("/api/recipes/secretariat/run", null);
            if (!run.IsSuccessStatusCode) throw new InvalidOperationException(await run.Content.ReadAsStringAsync());
        }

        /// <summary>
        /// The news recipe's Article type, whole (a ContentDefinition step replaces a type), with the copy desk's workflow:
        /// what a newsroom would write in its own recipe.
        /// </summary>
        private static string CopyDeskRecipe(string newsRecipe)
        {
            var recipe = JsonNode.Parse(newsRecipe, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
            var article = recipe["steps"]!.AsArray().Where(s => s!["name"]!.GetValue<string>() == "ContentDefinition")
                .SelectMany(s => s!["ContentTypes"]!.AsArray()).First(t => t!["Name"]!.GetValue<string>() == "Article")!.DeepClone();
            article["Settings"]!["WorkflowSettings"] = JsonNode.Parse(Workflow);
            return new JsonObject
            {
                ["name"] = "secretariat",
                ["steps"] = new JsonArray(new JsonObject { ["name"] = "ContentDefinition", ["ContentTypes"] = new JsonArray(article) }),
            }.ToJsonString();
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null) await Browser.DisposeAsync();
            try
            {
                Directory.Delete(_recipes, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is not worth failing a test over.
            }
        }
    }

    private BrowserFixture Browser => fixture.Browser;

    [Fact]
    public async Task An_article_goes_through_the_recipes_copy_desk_step_from_the_authors_draft_to_the_site()
    {
        var author = await Browser.Host.CreateUserAsync("Author");
        var editor = await Browser.Host.CreateUserAsync("Editor");
        var title = $"Bouclage au marbre {Guid.NewGuid():n}"[..30];

        // The author writes and submits: the recipe keeps the default's first step and its words.
        var authorPage = await AdminPages.SignInAsync(Browser, author.UserName);
        var authorViolations = await CspViolations.WatchAsync(authorPage);
        await authorPage.GotoAsync("/admin/articles/new");
        await authorPage.GetByLabel("Titre").FillAsync(title);
        await authorPage.GetByLabel("Chapeau").FillAsync("Le secrétariat de rédaction relit avant publication.");
        await authorPage.GetByLabel("Rubrique").SelectOptionAsync(new SelectOptionValue { Label = "Défense" });
        var body = authorPage.GetByRole(AriaRole.Textbox, new() { Name = "Corps de l’article" });
        await body.ClickAsync();
        await body.PressSequentiallyAsync("Une phrase relue deux fois.");
        await authorPage.PressAsync("Enregistrer");
        await authorPage.ExpectStatusAsync("Article enregistré.");
        await authorViolations.SettleAsync(authorPage);
        var id = authorPage.ArticleId();
        await authorPage.PressAsync("Soumettre pour relecture");
        await authorPage.ExpectStatusAsync("Article soumis pour relecture.");
        await authorViolations.SettleAsync(authorPage);
        Assert.Equal(0, await authorPage.GetByRole(AriaRole.Button, new() { Name = SendToCopyDesk }).CountAsync());

        // The editor finds it in the review queue and sees the recipe's step, not publication, from review.
        var editorPage = await AdminPages.SignInAsync(Browser, editor.UserName);
        var violations = await CspViolations.WatchAsync(editorPage);
        await editorPage.GotoAsync("/admin");
        await violations.SettleAsync(editorPage);
        var queue = editorPage.GetByRole(AriaRole.Region, new() { Name = "File de relecture" });
        Assert.Contains("En relecture", await queue.GetByRole(AriaRole.Row).Filter(new() { HasText = title }).InnerTextAsync());
        await queue.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await editorPage.WaitForURLAsync(new Regex($"/admin/articles/{id}$"));
        await violations.SettleAsync(editorPage);
        Assert.Equal(0, await editorPage.GetByRole(AriaRole.Button, new() { Name = "Publier", Exact = true }).CountAsync());
        await editorPage.PressAsync(SendToCopyDesk);
        await editorPage.ExpectStatusAsync($"« {SendToCopyDesk} » : l’article est maintenant au secrétariat de rédaction.");
        await violations.SettleAsync(editorPage);
        var state = editorPage.GetByRole(AriaRole.Region, new() { Name = "État", Exact = true });
        Assert.Contains(CopyDesk, await state.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(editorPage, "admin-editor-copy-desk");

        // The queue lists it at the copy desk.
        await editorPage.GotoAsync("/admin");
        await violations.SettleAsync(editorPage);
        Assert.Contains(CopyDesk, await queue.GetByRole(AriaRole.Row).Filter(new() { HasText = title }).InnerTextAsync());

        // The editor publishes from the copy desk; readers get it from "Voir sur le site".
        await queue.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await editorPage.WaitForURLAsync(new Regex($"/admin/articles/{id}$"));
        await editorPage.PressAsync("Publier");
        await editorPage.ExpectStatusAsync("Article publié.");
        await violations.SettleAsync(editorPage);
        var site = await editorPage.RunAndWaitForPopupAsync(() => editorPage.GetByRole(AriaRole.Link, new() { Name = "Voir sur le site" }).ClickAsync());
        await site.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 }).WaitForAsync();
        await violations.SettleAsync(site);
        Assert.Contains("Une phrase relue deux fois.", await site.Locator("main").InnerTextAsync());
        await site.CloseAsync();

        // The history tells the transitions in the recipe's words.
        await editorPage.GetByRole(AriaRole.Link, new() { Name = "Historique" }).ClickAsync();
        await editorPage.WaitForURLAsync(new Regex($"/admin/articles/{id}/history$"));
        await violations.SettleAsync(editorPage);
        var journal = editorPage.GetByRole(AriaRole.Region, new() { Name = "Journal" }).GetByRole(AriaRole.Listitem);
        Assert.Contains("(Brouillon → En relecture)", await journal.Filter(new() { HasText = "Soumis pour relecture" }).InnerTextAsync());
        Assert.Contains($"(En relecture → {CopyDesk})", await journal.Filter(new() { HasText = SendToCopyDesk }).InnerTextAsync());
        Assert.Contains($"({CopyDesk} → Publié)", await journal.Filter(new() { HasText = "Publié par" }).InnerTextAsync());

        Assert.Equal(2, authorViolations.PagesSettled);
        Assert.Equal(7, violations.PagesSettled);
        Assert.Empty(authorViolations.Seen);
        Assert.Empty(violations.Seen);
    }
}

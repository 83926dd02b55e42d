using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Recipes;

/// <summary>
/// The site exported as an Orchard Core recipe (the API and the <c>export</c> command) and run into an empty data folder
/// with the <c>recipe</c> command, as the operator runs them: the new site has the same items, versions and states,
/// paths, categories, tags, media files and texts.
/// </summary>
public sealed class RecipeExportTests
{
    private const string UkraineTag = "4tagukraine000000000000000";
    private const string ClimateTag = "4tagclimat0000000000000000";

    [Fact]
    public async Task An_exported_site_run_into_an_empty_data_folder_has_the_same_items_versions_states_paths_categories_and_media()
    {
        var work = Directory.CreateTempSubdirectory("cms-export-tests-").FullName;
        var recipeFile = Path.Combine(work, "site.recipe.json");
        var mediaArchive = Path.Combine(work, "media.zip");
        var targetPath = CmsHost.NewDataPath();
        try
        {
            await using var source = await CmsHost.StartAsync();
            using var admin = await source.AdminClientAsync();
            using var editor = await source.CreateUserAsync("Editor");
            using var author = await source.CreateUserAsync("Author");
            var word = Guid.NewGuid().ToString("n")[..6];

            // Two new categories, the second moved first: the order of the list is part of the tree.
            var economy = await CreateCategoryAsync(admin, $"Économie {word}", $"economie-{word}");
            var culture = await CreateCategoryAsync(admin, $"Culture {word}", $"culture-{word}");
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/categories/{culture}/move", new { position = 0 })).StatusCode);

            var image = TestImages.Png(64, 48);
            var mediaPath = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, image, "neige.png",
                new Dictionary<string, string> { ["alt"] = "Un char dans la neige", ["caption"] = "Près de Koursk", ["credit"] = "AFP" }));

            var draft = Id(await Articles.CreateAsync(author.Client, WithImage(WithTags(Articles.New($"Brouillon {word}", economy), UkraineTag), mediaPath)));
            var inReview = Id(await Articles.CreateAsync(author.Client, WithTags(Articles.New($"En relecture {word}", culture), ClimateTag, UkraineTag)));
            await TransitionAsync(author.Client, inReview, "submit");
            var scheduled = Id(await Articles.CreateAsync(editor.Client, Articles.New($"Programmé {word}", economy)));
            await TransitionAsync(editor.Client, scheduled, "schedule", new { publishAtUtc = DateTime.UtcNow.AddDays(30).ToString("O") });
            var published = Id(await Articles.CreateAsync(editor.Client, WithImage(Articles.New($"Publié {word}", culture), mediaPath)));
            await TransitionAsync(editor.Client, published, "publish");
            var corrected = await Articles.CreateAsync(author.Client, WithTags(Articles.New($"Corrigé {word}", economy), ClimateTag));
            var correctedId = Id(corrected);
            await TransitionAsync(editor.Client, correctedId, "publish");
            var latest = await admin.GetFromJsonAsync<JsonObject>($"/api/content/{correctedId}?version=latest");
            var save = await Articles.SaveAsync(editor.Client, correctedId, latest!["ContentItemVersionId"]!.GetValue<string>(),
                WithTags(Articles.New($"Corrigé {word} (correction en cours)", economy), ClimateTag));
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
            var page = Id(await Articles.CreateAsync(admin, new JsonObject
            {
                ["ContentType"] = "Page",
                ["TitlePart"] = new JsonObject { ["Title"] = $"Qui sommes-nous {word}" },
                ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>Une rédaction indépendante.</p>" },
            }));
            await TransitionAsync(admin, page, "publish");
            string[] ids = [draft, inReview, scheduled, published, correctedId, page];

            var answer = await admin.GetAsync("/api/recipes/export");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("attachment", answer.Content.Headers.ContentDisposition?.DispositionType);
            var fromApi = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal(["ContentDefinition", "Roles", "lucene-index", "content", "content"], fromApi["steps"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
            var items = fromApi["steps"]!.AsArray().Where(s => s!["name"]!.GetValue<string>() == "content").SelectMany(s => s!["Data"]!.AsArray()).ToList();
            // The item with a correction in progress comes twice: its published version, then its latest one.
            Assert.Equal([(true, false), (false, true)], items.Where(i => i!["ContentItemId"]!.GetValue<string>() == correctedId)
                .Select(i => (i!["Published"]!.GetValue<bool>(), i["Latest"]!.GetValue<bool>())));

            var export = await CommandProcess.RunAsync(["export", recipeFile, "--media", mediaArchive], new Dictionary<string, string?> { ["Cms:DataPath"] = source.DataPath });
            Assert.True(export.ExitCode == 0, export.ToString());
            var fromCommand = JsonNode.Parse(await File.ReadAllTextAsync(recipeFile))!.AsObject();
            Assert.Equal(fromApi["steps"]!.ToJsonString(), fromCommand["steps"]!.ToJsonString());

            var run = await CommandProcess.RunAsync(["recipe", recipeFile, "--media", mediaArchive], new Dictionary<string, string?>
            {
                ["Cms:DataPath"] = targetPath,
                ["Cms:Admin:UserName"] = CmsHost.AdminUserName,
                ["Cms:Admin:Password"] = CmsHost.AdminPassword,
            });
            Assert.True(run.ExitCode == 0, run.ToString());

            await using var target = await CmsHost.StartAsync(targetPath);
            using var targetAdmin = await target.AdminClientAsync();
            using var sourceReader = source.CreateClient();
            using var targetReader = target.CreateClient();
            foreach (var id in ids)
            {
                // The latest version whole: ids, state, scheduled time, owner, author, dates, path, categories, tags, media texts.
                Assert.Equal(await admin.GetStringAsync($"/api/content/{id}?version=latest"), await targetAdmin.GetStringAsync($"/api/content/{id}?version=latest"));
                // What readers get: the published version, or nothing.
                var before = await sourceReader.GetAsync($"/api/content/{id}");
                var after = await targetReader.GetAsync($"/api/content/{id}");
                Assert.Equal(before.StatusCode, after.StatusCode);
                if (before.IsSuccessStatusCode) Assert.Equal(await before.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
            }
            var history = await targetAdmin.GetFromJsonAsync<JsonObject>($"/api/content/{correctedId}/history");
            Assert.Equal(2, history!["versions"]!.AsArray().Count);
            Assert.Equal(await sourceReader.GetStringAsync("/api/categories"), await targetReader.GetStringAsync("/api/categories"));
            Assert.Equal(image, await targetReader.GetByteArrayAsync($"/media/{mediaPath}"));
            var texts = await targetAdmin.GetFromJsonAsync<JsonObject>($"/api/media/info?path={Uri.EscapeDataString(mediaPath)}");
            Assert.Equal(("Un char dans la neige", "Près de Koursk", "AFP"),
                (texts!["alt"]!.GetValue<string>(), texts["caption"]!.GetValue<string>(), texts["credit"]!.GetValue<string>()));
            Assert.Contains("Qui sommes-nous", await targetReader.GetStringAsync($"/{(await targetReader.GetFromJsonAsync<JsonObject>($"/api/content/{page}"))!["AutoroutePart"]!["Path"]!.GetValue<string>()}"));
        }
        finally
        {
            CmsHost.DeleteData(targetPath);
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Exporting_the_site_is_refused_to_an_author_and_to_an_anonymous_caller()
    {
        await using var host = await CmsHost.StartAsync();
        using var author = await host.CreateUserAsync("Author");
        using var anonymous = host.CreateClient();

        var refused = await author.Client.GetAsync("/api/recipes/export");
        var unauthenticated = await anonymous.GetAsync("/api/recipes/export");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("ExportContent", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task The_recipe_command_refuses_a_file_that_is_not_a_recipe_naming_it()
    {
        var work = Directory.CreateTempSubdirectory("cms-export-tests-").FullName;
        var notARecipe = Path.Combine(work, "notes.recipe.json");
        await File.WriteAllTextAsync(notARecipe, "[\"not\", \"an object\"]");
        var dataPath = CmsHost.NewDataPath();
        try
        {
            var run = await CommandProcess.RunAsync(["recipe", notARecipe], new Dictionary<string, string?> { ["Cms:DataPath"] = dataPath });

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("notes.recipe.json: a recipe must be a JSON object.", run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> CreateCategoryAsync(HttpClient admin, string name, string slug)
    {
        var response = await admin.PostAsJsonAsync("/api/categories", new { name, slug });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["contentItemId"]!.GetValue<string>();
    }

    private static async Task TransitionAsync(HttpClient client, string id, string transition, object? body = null)
    {
        var response = await Articles.TransitionAsync(client, id, transition, body);
        Assert.True(response.IsSuccessStatusCode, $"{transition} {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static JsonObject WithTags(JsonObject article, params string[] tags)
    {
        article["Article"]!["Tags"] = new JsonObject { ["TermContentItemIds"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray()) };
        return article;
    }

    private static JsonObject WithImage(JsonObject article, string path)
    {
        article["Article"]!["Image"] = new JsonObject { ["Paths"] = new JsonArray(path), ["MediaTexts"] = new JsonArray("Un char dans la neige") };
        return article;
    }

    private static string Id(JsonObject item) => item["ContentItemId"]!.GetValue<string>();
}

using System.Net;
using System.Text.Json.Nodes;
using Cms.Tests.Support;

namespace Cms.Tests.Content;

/// <summary>A correction note written on a new version of a published article is dated into its notes when that version is published.</summary>
public sealed class CorrectionsPartTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task A_pending_note_is_dated_into_the_notes_when_the_corrected_version_is_published()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, version) = await PublishedArticleAsync(editor.Client);

        var saved = await SaveWithNoteAsync(editor.Client, id, version, "Le montant était de 3 millions, non de 30.");
        var draft = await Articles.ReadAsync(saved);
        var live = await Articles.ReadAsync(await Host.CreateClient().GetAsync($"/api/content/{id}"));
        var published = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, id, "publish"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("Le montant était de 3 millions, non de 30.", draft["CorrectionsPart"]!["PendingNote"]!.GetValue<string>());
        Assert.Empty(live["CorrectionsPart"]!["Notes"]!.AsArray());
        var note = Assert.Single(published["CorrectionsPart"]!["Notes"]!.AsArray())!;
        Assert.Equal("Le montant était de 3 millions, non de 30.", note["Text"]!.GetValue<string>());
        Assert.True(note["PublishedUtc"]!.GetValue<DateTime>() > published["PublishedUtc"]!.GetValue<DateTime>());
        Assert.Null(published["CorrectionsPart"]!["PendingNote"]);
        Assert.Equal(note["PublishedUtc"]!.GetValue<DateTime>(), published["CorrectionsPart"]!["UpdatedUtc"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Notes_accumulate_and_an_edit_cannot_change_or_drop_them()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, version) = await PublishedArticleAsync(editor.Client);
        await SaveWithNoteAsync(editor.Client, id, version, "Première correction.");
        var first = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, id, "publish"));
        var forged = Articles.New("Article corrigé", await Articles.CategoryIdAsync(editor.Client, "culture"));
        forged["CorrectionsPart"] = new JsonObject { ["Notes"] = new JsonArray(), ["PendingNote"] = "Seconde correction." };

        var saved = await Articles.SaveAsync(editor.Client, id, first["ContentItemVersionId"]!.GetValue<string>(), forged);
        var second = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, id, "publish"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["Première correction.", "Seconde correction."],
            second["CorrectionsPart"]!["Notes"]!.AsArray().Select(n => n!["Text"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task A_silent_fix_changes_no_update_time_and_a_major_update_does()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, version) = await PublishedArticleAsync(editor.Client);
        var category = await Articles.CategoryIdAsync(editor.Client, "culture");

        var typo = Articles.New("Article corrigé sans bruit", category);
        (await Articles.SaveAsync(editor.Client, id, version, typo)).EnsureSuccessStatusCode();
        var silent = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, id, "publish"));
        var major = Articles.New("Article largement mis à jour", category);
        major["CorrectionsPart"] = new JsonObject { ["MajorUpdate"] = true };
        (await Articles.SaveAsync(editor.Client, id, silent["ContentItemVersionId"]!.GetValue<string>(), major)).EnsureSuccessStatusCode();
        var updated = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, id, "publish"));

        Assert.Null(silent["CorrectionsPart"]!["UpdatedUtc"]);
        Assert.NotNull(updated["CorrectionsPart"]!["UpdatedUtc"]);
        Assert.Empty(updated["CorrectionsPart"]!["Notes"]!.AsArray());
        Assert.False(updated["CorrectionsPart"]!["MajorUpdate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_note_on_a_first_publication_is_dropped()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var article = Articles.New("Jamais publié", await Articles.CategoryIdAsync(editor.Client, "culture"));
        article["CorrectionsPart"] = new JsonObject { ["PendingNote"] = "Rien à corriger encore." };
        var id = (await Articles.CreateAsync(editor.Client, article))["ContentItemId"]!.GetValue<string>();

        var published = await Articles.ReadAsync(await Articles.TransitionAsync(editor.Client, id, "publish"));

        Assert.Empty(published["CorrectionsPart"]!["Notes"]!.AsArray());
        Assert.Null(published["CorrectionsPart"]!["PendingNote"]);
        Assert.Null(published["CorrectionsPart"]!["UpdatedUtc"]);
    }

    [Fact]
    public async Task A_scheduled_publication_attaches_the_pending_note()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var (id, version) = await PublishedArticleAsync(editor.Client);
        await SaveWithNoteAsync(editor.Client, id, version, "Correction programmée.");

        var scheduled = await Articles.TransitionAsync(editor.Client, id, "schedule", new { publishAtUtc = DateTime.UtcNow.AddSeconds(2).ToString("O") });
        using var reader = Host.CreateClient();
        var attached = await Eventually.HoldsAsync(async () =>
            (await Articles.ReadAsync(await reader.GetAsync($"/api/content/{id}")))["CorrectionsPart"]!["Notes"]!.AsArray().Count == 1, seconds: 30);

        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.True(attached, "the scheduled publication attached the note");
        var live = await Articles.ReadAsync(await reader.GetAsync($"/api/content/{id}"));
        Assert.Equal("Correction programmée.", live["CorrectionsPart"]!["Notes"]![0]!["Text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_correction_part_is_refused_naming_the_member()
    {
        using var editor = await Host.CreateUserAsync("Editor");
        var article = Articles.New("Mal formé", await Articles.CategoryIdAsync(editor.Client, "culture"));
        article["CorrectionsPart"] = new JsonObject { ["PendingNote"] = 5, ["MajorUpdate"] = "oui" };

        var response = await editor.Client.PostAsync("/api/content", Articles.Json(article));
        var problem = await Articles.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]!["CorrectionsPart.PendingNote"]);
        Assert.NotNull(problem["errors"]!["CorrectionsPart.MajorUpdate"]);
    }

    private static async Task<(string Id, string VersionId)> PublishedArticleAsync(HttpClient editor)
    {
        var created = await Articles.CreateAsync(editor, Articles.New($"À corriger {Guid.NewGuid():n}", await Articles.CategoryIdAsync(editor, "culture")));
        var id = created["ContentItemId"]!.GetValue<string>();
        var published = await Articles.ReadAsync(await Articles.TransitionAsync(editor, id, "publish"));
        return (id, published["ContentItemVersionId"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> SaveWithNoteAsync(HttpClient editor, string id, string version, string note)
    {
        var article = Articles.New("Article corrigé", await Articles.CategoryIdAsync(editor, "culture"));
        article["CorrectionsPart"] = new JsonObject { ["PendingNote"] = note };
        var response = await Articles.SaveAsync(editor, id, version, article);
        response.EnsureSuccessStatusCode();
        return response;
    }
}

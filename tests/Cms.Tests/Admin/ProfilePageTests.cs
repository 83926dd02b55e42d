using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Media;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

/// <summary>"Mon profil" and the Users page's profile forms: the public profile edited in the admin, through the profile API's service.</summary>
public sealed class ProfilePageTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_author_edits_their_own_profile_and_finds_it_on_their_author_page()
    {
        using var author = await Host.CreateUserAsync("Author");
        var photo = MediaApiClient.PathOf(await MediaApiClient.UploadNewAsync(author.Client, TestImages.Jpeg(400, 400), "portrait.jpg"));
        var slug = "camille-" + Guid.NewGuid().ToString("n")[..8];
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        using var admin = await Host.AdminClientAsync();
        await PublishByAsync(admin, author);
        var before = await LastSequenceAsync(admin);

        var saved = await session.PostFormAsync("/admin/profile", new()
        {
            ["displayName"] = "Camille Roux", ["bio"] = "Journaliste au service culture.", ["photo"] = photo, ["slug"] = slug,
        });
        var page = await session.Client.GetStringAsync(saved.Headers.Location!.OriginalString);
        using var reader = Host.CreateClient();
        var authorPage = await reader.GetStringAsync($"/auteur/{slug}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Profil enregistré.", page);
        Assert.Contains($"<a href=\"/auteur/{slug}\" target=\"_blank\">/auteur/{slug}</a>", page);
        Assert.Contains("Camille Roux", authorPage);
        Assert.Contains("Journaliste au service culture.", authorPage);
        var profile = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/users/{author.Id}/profile"))!;
        Assert.Equal(photo, profile["photo"]!.GetValue<string>());
        var feed = (await admin.GetFromJsonAsync<JsonObject>($"/api/changes?after={before}"))!["items"]!.AsArray();
        Assert.Contains(feed, e => e!["event"]!.GetValue<string>() == "users.profile-changed" && e["data"]!["userId"]!.GetValue<string>() == author.Id);
    }

    [Fact]
    public async Task The_profile_page_shows_the_saved_profile_with_labelled_fields_and_the_nav_links_it()
    {
        using var author = await Host.CreateUserAsync("Author");
        (await author.Client.PutAsJsonAsync($"/api/users/{author.Id}/profile", new { displayName = "Lucie Vidal", bio = "Reporter." })).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var page = await session.Client.GetStringAsync("/admin/profile");

        Assert.Contains("<a href=\"/admin/profile\">Mon profil</a>", page);
        Assert.Contains("<label for=\"profile-displayName\">Nom affiché</label>", page);
        Assert.Contains("value=\"Lucie Vidal\"", page);
        Assert.Contains(">Reporter.</textarea>", page);
        Assert.Contains("<label for=\"profile-bio\">", page);
        Assert.Contains("data-counter-for=\"profile-bio\"", page);
        Assert.Contains("<label for=\"profile-photo\">", page);
        Assert.Contains("<label for=\"profile-slug\">", page);
        Assert.Contains("Sans adresse, pas de page publique", page);
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain("style=", page);
    }

    [Fact]
    public async Task A_bio_over_the_limit_is_refused_with_a_clear_message_and_everything_typed_kept()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);
        var bio = "Une biographie bien trop longue. " + new string('x', 600);
        var slug = "garde-" + Guid.NewGuid().ToString("n")[..8];

        var refused = await session.PostFormAsync("/admin/profile", new() { ["displayName"] = "Nom tapé", ["bio"] = bio, ["photo"] = "", ["slug"] = slug });
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Rien n’a été enregistré : corrigez les champs signalés.", page);
        Assert.Contains("<span class=\"field-error\" id=\"profile-bio-error\">Trop long : 600 caractères au plus.</span>", page);
        Assert.Contains($">{bio}</textarea>", page);
        Assert.Contains("value=\"Nom tapé\"", page);
        Assert.Contains($"value=\"{slug}\"", page);
        var profile = (await author.Client.GetFromJsonAsync<JsonObject>($"/api/users/{author.Id}/profile"))!;
        Assert.Null(profile["bio"]);
        Assert.Null(profile["slug"]);
    }

    [Fact]
    public async Task A_photo_that_is_not_in_the_media_library_is_refused_naming_the_path()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var refused = await session.PostFormAsync("/admin/profile", new() { ["displayName"] = "", ["bio"] = "", ["photo"] = "nulle-part/absente.jpg", ["slug"] = "" });
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("La médiathèque n’a pas de fichier « nulle-part/absente.jpg ».", page);
        Assert.Contains("value=\"nulle-part/absente.jpg\"", page);
    }

    [Fact]
    public async Task An_author_cannot_edit_someone_elses_profile_through_the_users_page()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var other = await Host.CreateUserAsync("Author");
        (await other.Client.PutAsJsonAsync($"/api/users/{other.Id}/profile", new { displayName = "Le vrai nom" })).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, author.UserName, Password);

        var refused = await session.PostFormAsync($"/admin/users?handler=Profile&id={other.Id}",
            new() { ["displayName"] = "Usurpé", ["bio"] = "", ["photo"] = "", ["slug"] = "" }, formPage: "/admin/profile");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/admin/denied", new Uri(Host.BaseAddress, refused.Headers.Location!).AbsolutePath);
        var profile = (await other.Client.GetFromJsonAsync<JsonObject>($"/api/users/{other.Id}/profile"))!;
        Assert.Equal("Le vrai nom", profile["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_administrator_edits_a_users_profile_on_the_users_page()
    {
        using var author = await Host.CreateUserAsync("Author");
        using var admin = await Host.AdminClientAsync();
        await PublishByAsync(admin, author);
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);
        var slug = "par-admin-" + Guid.NewGuid().ToString("n")[..8];

        var users = await session.Client.GetStringAsync("/admin/users");
        var saved = await session.PostFormAsync($"/admin/users?handler=Profile&id={author.Id}",
            new() { ["displayName"] = "Nommé par l’administrateur", ["bio"] = "Bio écrite pour lui.", ["photo"] = "", ["slug"] = slug }, formPage: "/admin/users");
        using var reader = Host.CreateClient();

        Assert.Contains($"<label for=\"profile-{author.Id}-bio\">Courte biographie</label>", users);
        Assert.Contains($"Profil public de {author.UserName}", users);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/users?m=profile", saved.Headers.Location!.OriginalString);
        Assert.Contains("Nommé par l’administrateur", await reader.GetStringAsync($"/auteur/{slug}"));
    }

    [Fact]
    public async Task An_administrator_taking_another_authors_address_gets_the_form_back_open_with_the_message()
    {
        using var owner = await Host.CreateUserAsync("Author");
        using var author = await Host.CreateUserAsync("Author");
        var slug = "prise-" + Guid.NewGuid().ToString("n")[..8];
        (await owner.Client.PutAsJsonAsync($"/api/users/{owner.Id}/profile", new { slug })).EnsureSuccessStatusCode();
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var refused = await session.PostFormAsync($"/admin/users?handler=Profile&id={author.Id}",
            new() { ["displayName"] = "Gardé", ["bio"] = "", ["photo"] = "", ["slug"] = slug }, formPage: "/admin/users");
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"L’adresse « {slug} » est déjà celle d’un autre auteur.", page);
        var summary = page.IndexOf($"<summary>Profil public de {author.UserName}</summary>", StringComparison.Ordinal);
        Assert.EndsWith("<details open=\"open\">", page[..summary].TrimEnd());
    }

    [Fact]
    public async Task A_profile_post_on_the_users_page_without_a_user_is_a_404()
    {
        using var session = await AdminSession.SignInAsync(Host, CmsHost.AdminUserName, CmsHost.AdminPassword);

        var response = await session.PostFormAsync("/admin/users?handler=Profile", new() { ["displayName"] = "Personne" }, formPage: "/admin/users");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A published article signed by <paramref name="author"/>: an author's page lists their published articles, and exists only with one.</summary>
    private static async Task PublishByAsync(HttpClient admin, SignedInUser author)
    {
        var article = Articles.New($"Signé {Guid.NewGuid():n}", await Articles.CategoryIdAsync(admin, "culture"));
        article["Article"]!["Authors"] = new JsonObject { ["UserIds"] = new JsonArray(author.Id) };
        var id = (await Articles.CreateAsync(admin, article))["ContentItemId"]!.GetValue<string>();
        (await Articles.TransitionAsync(admin, id, "publish")).EnsureSuccessStatusCode();
    }

    private static async Task<long> LastSequenceAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/changes/status"))!["last"]!.GetValue<long>();
}

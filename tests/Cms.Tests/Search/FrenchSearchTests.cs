using System.Net;
using System.Text.Json.Nodes;
using Cms.Tests.Support;
using static Cms.Tests.Search.SearchClient;

namespace Cms.Tests.Search;

public sealed class FrenchSearchTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private async Task<(string Id, string Word)> PublishAsync(string title, string body, string category = "international", string? subtitle = "Le chapeau.")
    {
        var word = UniqueWord();
        using var admin = await Host.AdminClientAsync();
        var id = await PublishedArticleAsync(Host, admin, title, $"<p>{body} {word}</p>", category, subtitle);
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(id));
        return (id, word);
    }

    private async Task<JsonObject> SearchAsync(string q)
    {
        using var reader = Host.CreateClient();
        return await SearchClient.SearchAsync(reader, Q(q));
    }

    [Fact]
    public async Task Soldat_coreen_finds_soldats_nord_coreens()
    {
        var (id, word) = await PublishAsync("Des milliers de soldats nord-coréens déjà engagés sur le front ?", "Pyongyang aurait envoyé des troupes.");
        Assert.Contains(id, Ids(await SearchAsync($"soldat coreen {word}")));
    }

    [Fact]
    public async Task The_seeded_article_about_north_korean_soldiers_is_found_without_accents()
    {
        using var reader = Host.CreateClient();
        var (results, _) = await WaitForAsync(reader, Q("soldat coreen"), r => Ids(r).Contains("4art1c1e0000000000000000a2"));
        Assert.Contains("4art1c1e0000000000000000a2", Ids(results));
    }

    [Theory]
    [InlineData("l'Ukraine")]
    [InlineData("ukraine")]
    [InlineData("l’Ukraine")]
    [InlineData("UKRAINE")]
    public async Task Elision_and_case_do_not_matter(string query)
    {
        var (id, word) = await PublishAsync("Le front de l’Est", "La guerre continue dans l’est de l'Ukraine.");
        Assert.Contains(id, Ids(await SearchAsync($"{query} {word}")));
    }

    [Theory]
    [InlineData("deja")]
    [InlineData("déjà")]
    [InlineData("DÉJÀ")]
    public async Task Accents_are_folded(string query)
    {
        var (id, word) = await PublishAsync("Une décision attendue", "Le gouvernement a déjà tranché.");
        Assert.Contains(id, Ids(await SearchAsync($"{query} {word}")));
    }

    [Fact]
    public async Task A_phrase_never_runs_from_one_copy_of_the_title_into_the_next()
    {
        // The full text holds the title four times: "<word> soldats <word> soldats…" without a gap between the copies.
        var marker = UniqueWord();
        var (id, word) = await PublishAsync($"{marker} soldats", "Un texte sans rapport.", subtitle: null);

        Assert.Contains(id, Ids(await SearchAsync($"\"{marker} soldats\" {word}")));
        Assert.DoesNotContain(id, Ids(await SearchAsync($"\"soldats {marker}\" {word}")));
    }

    [Theory]
    [InlineData("attaq*")]
    [InlineData("attaque*")]
    [InlineData("ATTAQ*")]
    public async Task A_prefix_with_doubled_letters_finds_the_word_the_stemmer_wrote_with_single_ones(string prefix)
    {
        var (id, word) = await PublishAsync("Nouvelle attaque de drones", "Un texte sans rapport.", subtitle: null);
        Assert.Contains(id, Ids(await SearchAsync($"{word} {prefix}")));
    }

    [Fact]
    public async Task Quotes_search_an_exact_phrase()
    {
        var (together, word) = await PublishAsync("Réforme", "Le conseil des ministres a adopté le texte.");
        using var admin = await Host.AdminClientAsync();
        var apart = await PublishedArticleAsync(Host, admin, "Réforme bis", $"<p>Les ministres du conseil ont adopté le texte. {word}</p>");
        using var reader = Host.CreateClient();
        await WaitForAsync(reader, Q(word), r => Ids(r).Contains(apart));

        var phrase = Ids(await SearchAsync($"\"conseil des ministres\" {word}"));
        Assert.Contains(together, phrase);
        Assert.DoesNotContain(apart, phrase);
        Assert.Contains(apart, Ids(await SearchAsync($"conseil ministres {word}")));
    }

    [Fact]
    public async Task A_trailing_star_or_prefix_true_searches_a_prefix()
    {
        var (id, word) = await PublishAsync("Koursk sous tension", "Des troupes près de Koursk.");
        Assert.Contains(id, Ids(await SearchAsync($"kour* {word}")));
        using var reader = Host.CreateClient();
        Assert.Contains(id, Ids(await SearchClient.SearchAsync(reader, Q($"{word} kour") + "&prefix=true")));
        Assert.Empty(Ids(await SearchClient.SearchAsync(reader, Q($"{word} kour"))));
    }

    [Fact]
    public async Task Stop_words_are_ignored()
    {
        var (id, word) = await PublishAsync("Budget", "Le budget de la défense augmente.");
        Assert.Contains(id, Ids(await SearchAsync($"les budgets pour la défense {word}")));
    }

    [Fact]
    public async Task Only_stop_words_is_a_bad_request_naming_q()
    {
        using var reader = Host.CreateClient();
        var response = await reader.GetAsync("/api/search?" + Q("le la les"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Articles.ReadAsync(response))["errors"]!["q"]);
    }

    [Fact]
    public async Task Title_outranks_body()
    {
        var word = UniqueWord();
        using var admin = await Host.AdminClientAsync();
        var inBody = await PublishedArticleAsync(Host, admin, "Un autre sujet", $"<p>On parle ici de {word} dans le texte seulement, et longuement.</p>");
        var inTitle = await PublishedArticleAsync(Host, admin, $"Le {word} en titre", "<p>Un texte sans rapport.</p>");
        using var reader = Host.CreateClient();
        var (results, _) = await WaitForAsync(reader, Q(word), r => Ids(r).Count == 2);
        Assert.Equal([inTitle, inBody], Ids(results));
    }

    [Fact]
    public async Task Snippets_are_escaped_and_mark_the_analyzed_words()
    {
        var (id, word) = await PublishAsync("Sécurité",
            "Des soldats nord-coréens &amp; russes ; le code &lt;script&gt;alert(1)&lt;/script&gt; ne doit pas s’exécuter.");
        var results = await SearchAsync($"soldat coreen {word}");
        var snippet = results["items"]!.AsArray().Single(i => i!["contentItemId"]!.GetValue<string>() == id)!["snippet"]!.GetValue<string>();
        Assert.Contains("<mark>soldats</mark>", snippet);
        Assert.Contains("<mark>coréens</mark>", snippet);
        Assert.Contains("&amp; russes", snippet);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", snippet);
        Assert.DoesNotContain("<script>", snippet);
    }

    [Fact]
    public async Task A_word_found_only_in_the_standfirst_gives_the_standfirst_as_snippet()
    {
        var marker = UniqueWord();
        var (id, _) = await PublishAsync("Un titre", "Un corps de texte.", subtitle: $"Le chapeau parle de {marker} <b>ici</b>.");
        var hit = (await SearchAsync(marker))["items"]!.AsArray().Single(i => i!["contentItemId"]!.GetValue<string>() == id)!;
        Assert.Equal($"Le chapeau parle de <mark>{marker}</mark> &lt;b&gt;ici&lt;/b&gt;.", hit["snippet"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_long_body_gives_a_short_snippet_around_the_match()
    {
        var filler = string.Join(" ", Enumerable.Repeat("Un paragraphe de remplissage sans intérêt particulier.", 30));
        var (id, word) = await PublishAsync("Long article", $"{filler} Le mot cherché est ici : Koursk. {filler}");
        var results = await SearchAsync($"koursk {word}");
        var snippet = results["items"]!.AsArray().Single(i => i!["contentItemId"]!.GetValue<string>() == id)!["snippet"]!.GetValue<string>();
        Assert.Contains("<mark>Koursk</mark>", snippet);
        Assert.InRange(snippet.Replace("<mark>", "").Replace("</mark>", "").Length, 120, 260);
    }

    [Fact]
    public async Task The_fixture_article_is_found_by_its_words()
    {
        // A scraped article, flaws included: banner, headline twice, standfirst, then the body with its sub-headings.
        var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scraped-article.txt"));
        var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var title = char.ToUpperInvariant(paragraphs[1][0]) + paragraphs[1][1..];
        var body = string.Concat(paragraphs.Skip(4).Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>"));
        var (id, word) = await PublishAsync(title, body, "defense", paragraphs[3]);

        Assert.Contains(id, Ids(await SearchAsync($"ministere armees munitions {word}")));
        Assert.Contains(id, Ids(await SearchAsync($"defenses antiaeriennes {word}")));
        Assert.Contains(id, Ids(await SearchAsync($"chaines assemblage compte-gouttes {word}")));
        Assert.DoesNotContain(id, Ids(await SearchAsync($"missiles nucleaires {word}")));
    }
}

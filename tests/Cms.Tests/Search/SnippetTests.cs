using Cms.Search;

namespace Cms.Tests.Search;

/// <summary>Snippets straight from the builder, with the French analyzer the setup recipe declares.</summary>
public sealed class SnippetTests
{
    private static readonly FrenchNewsAnalyzer French = new();

    private static string Snippet(string body, string query) => Snippets.Build(body, French, ReaderQueryParser.Parse(query, French).Value!);

    [Theory]
    [InlineData("oeuvre")]
    [InlineData("œuvre")]
    [InlineData("Œuvres")]
    public void Words_written_with_oe_are_marked_whichever_way_the_reader_types_them(string query)
    {
        Assert.Equal("Le musée expose l’<mark>œuvre</mark> et les <mark>Œuvres</mark> complètes.",
            Snippet("Le musée expose l’œuvre et les Œuvres complètes.", query));
    }

    [Fact]
    public void Ligature_ae_is_marked_too()
    {
        Assert.Equal("Un ex <mark>æquo</mark> rare.", Snippet("Un ex æquo rare.", "aequo"));
    }

    [Fact]
    public void Typographic_apostrophes_are_elided_like_plain_ones()
    {
        Assert.Equal("Les soldats de l’<mark>Ukraine</mark> et d&#39;<mark>Ukraine</mark>.", Snippet("Les soldats de l’Ukraine et d'Ukraine.", "l'ukraine"));
    }

    [Fact]
    public void When_the_body_lacks_the_words_the_standfirst_is_the_snippet_marked()
    {
        var query = ReaderQueryParser.Parse("Koursk", French).Value!;
        Assert.Equal("Des soldats <mark>nord</mark>-coréens près de <mark>Koursk</mark> &amp; ailleurs.",
            Snippets.Build("Un texte sans rapport.", "Des soldats nord-coréens près de Koursk & ailleurs.", French, ReaderQueryParser.Parse("Koursk nord", French).Value!));
        Assert.Equal("Le texte parle de <mark>Koursk</mark>.", Snippets.Build("Le texte parle de Koursk.", "Un chapeau sans rapport.", French, query));
        Assert.Equal("Un chapeau, le meilleur résumé.", Snippets.Build("Le corps du texte.", "Un chapeau, le meilleur résumé.", French, query));
    }

    [Theory]
    [InlineData("attaque")]
    [InlineData("attaques")]
    [InlineData("attaq*")]
    [InlineData("ataq*")]
    public void Words_with_doubled_letters_are_marked_though_the_stemmer_writes_them_single(string query)
    {
        // The light stemmer indexes "attaque" as "ataqu": the candidate words are compared the same way.
        Assert.Equal("Une <mark>attaque</mark> de drones, puis d’autres <mark>attaques</mark>.",
            Snippet("Une attaque de drones, puis d’autres attaques.", query));
    }
}

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
}

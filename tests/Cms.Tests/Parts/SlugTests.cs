using Cms.Parts.Autoroute;

namespace Cms.Tests.Parts;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Des soldats nord-coréens à Koursk", "des-soldats-nord-coreens-a-koursk")]
    [InlineData("Des milliers de soldats nord-coréens déjà engagés sur le front ?", "des-milliers-de-soldats-nord-coreens-deja-engages-sur-le-front")]
    [InlineData("L’Ukraine et l'Europe", "l-ukraine-et-l-europe")]
    [InlineData("Œuvres d’Æschyle : « ça » coûte 10 000 €", "oeuvres-d-aeschyle-ca-coute-10-000")]
    [InlineData("  Défense  ", "defense")]
    [InlineData("Économie", "economie")]
    [InlineData("?!", "")]
    public void French_text_becomes_a_readable_slug(string text, string expected) =>
        Assert.Equal(expected, Slug.From(text));

    [Fact]
    public void Long_titles_are_cut_at_a_word_boundary()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("guerre", 40)));
        Assert.True(slug.Length <= Slug.MaxLength);
        Assert.EndsWith("guerre", slug);
    }
}

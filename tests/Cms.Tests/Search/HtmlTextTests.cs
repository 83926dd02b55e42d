using Cms.Search;

namespace Cms.Tests.Search;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("<p>Koursk</p><p>Moscou</p>", "Koursk Moscou")]
    [InlineData("  <p> Des   soldats\n\tnord-coréens </p>  ", "Des soldats nord-coréens")]
    [InlineData("<p>Pyongyang&nbsp;&amp;&#160;Moscou</p>", "Pyongyang & Moscou")]
    [InlineData("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>")]
    [InlineData("<p>l&#8217;Ukraine &eacute;t&eacute; &hellip;</p>", "l’Ukraine été …")]
    [InlineData("R&D & co; AT&T", "R&D & co; AT&T")]
    [InlineData("<p>Un texte <em>coupé", "Un texte coupé")]
    [InlineData("<p>fin <", "fin")]
    [InlineData("", "")]
    public void Keeps_the_readable_text_with_single_spaces(string html, string text) => Assert.Equal(text, HtmlText.ToPlainText(html));
}

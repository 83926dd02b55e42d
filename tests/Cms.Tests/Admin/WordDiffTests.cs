using System.Text.Json.Nodes;
using Cms.Admin;

namespace Cms.Tests.Admin;

public sealed class WordDiffTests
{
    [Fact]
    public void A_changed_word_is_shown_deleted_then_inserted()
    {
        var html = WordDiff.Render(JsonValue.Create("Un millésime rare."), JsonValue.Create("Un millésime historique."));

        Assert.Equal("Un millésime <del>rare.</del> <ins>historique.</ins>", html);
    }

    [Fact]
    public void Html_values_are_compared_by_their_words_and_encoded()
    {
        var html = WordDiff.Render(JsonValue.Create("<p>Le <b>vin</b> &amp; la bière</p>"), JsonValue.Create("<p>Le vin &amp; <script>x</script></p>"));

        Assert.Equal("Le vin &amp; <del>la</del> <del>bière</del> <ins>x</ins>", html);
    }
}

using Cms.Parts.HtmlBody;

namespace Cms.Tests.Parts;

/// <summary>The one HTML cleaner: what it removes, and what it does not clean twice.</summary>
public sealed class HtmlSanitizerServiceTests
{
    private readonly HtmlSanitizerService _sanitizer = new();

    [Fact]
    public void Scripts_handlers_styles_and_javascript_links_are_removed()
    {
        var clean = _sanitizer.Sanitize("<p onclick=\"x()\" style=\"color:red\">Texte <a href=\"javascript:alert(1)\">lien</a></p><script>alert(1)</script>"
            + "<figure><img src=\"/media/a.jpg\" alt=\"Une photo\"><figcaption>Légende</figcaption></figure>");

        Assert.DoesNotContain("script", clean);
        Assert.DoesNotContain("onclick", clean);
        Assert.DoesNotContain("style", clean);
        Assert.DoesNotContain("javascript", clean);
        Assert.Contains("<figcaption>Légende</figcaption>", clean);
    }

    [Fact]
    public void A_string_it_returned_comes_back_as_it_is()
    {
        var clean = _sanitizer.Sanitize("<p>Un <b>texte</b><script>x()</script></p>");

        Assert.Same(clean, _sanitizer.Sanitize(clean));
    }

    [Fact]
    public void Only_the_very_string_it_returned_is_taken_as_clean_not_an_equal_one_built_elsewhere()
    {
        var clean = _sanitizer.Sanitize("<p>Un texte</p>");
        var copy = new string(clean.AsSpan());
        var dirty = new string((clean + "<script>x()</script>").AsSpan());

        Assert.NotSame(clean, copy);
        Assert.Equal(clean, _sanitizer.Sanitize(copy));
        Assert.DoesNotContain("script", _sanitizer.Sanitize(dirty));
    }

    [Fact]
    public void A_body_cleaned_before_its_item_is_copied_is_still_known_clean_in_the_copy()
    {
        // The WordPress import cleans a body on its reading thread and the lifecycle checks a copy of the item: the copy
        // must hand back the very string, or every body would be parsed twice.
        var clean = _sanitizer.Sanitize("<p>Un texte <em>importé</em></p>");
        var item = new System.Text.Json.Nodes.JsonObject { ["HtmlBodyPart"] = new System.Text.Json.Nodes.JsonObject { ["Html"] = clean } };

        var copy = item.DeepClone();

        Assert.True(Cms.Content.JsonValues.TryGetString(copy["HtmlBodyPart"]!["Html"], out var html));
        Assert.Same(clean, html);
        Assert.Same(clean, _sanitizer.Sanitize(html!));
    }
}

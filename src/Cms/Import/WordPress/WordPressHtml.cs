using System.Text;
using System.Text.RegularExpressions;

namespace Cms.Import.WordPress;

/// <summary>What converting a body found that the report should tell.</summary>
public sealed class HtmlFindings
{
    public Dictionary<string, int> Shortcodes { get; } = new(StringComparer.Ordinal);
    public int Embeds { get; set; }
    public int ImagesWithoutAlt { get; set; }
}

/// <summary>
/// A WordPress body as WordPress shows it, in plain HTML: block comments dropped, classic content given its automatic
/// paragraphs (<see cref="AutoParagraphs"/>), captions made figures, a video or post address alone on its line made a
/// link in a figure (no iframe: the site's CSP allows none), and the addresses of imported files rewritten.
/// </summary>
public static partial class WordPressHtml
{
    public static string Convert(string body, Func<string, string?> mediaUrl, HtmlFindings findings)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        // WordPress itself gives block content no automatic paragraphs (has_blocks removes wpautop): its blocks are HTML already.
        var blocks = body.Contains("<!-- wp:", StringComparison.Ordinal);
        var html = BlockComment().Replace(body, "");
        html = Caption().Replace(html, m => Figure(m.Groups[1].Value, m.Groups[2].Value));
        html = EmbedLine().Replace(html, m =>
        {
            findings.Embeds++;
            var url = m.Groups[1].Value;
            return $"\n<figure><a href=\"{url}\">{url}</a></figure>\n";
        });
        foreach (Match m in Shortcode().Matches(html))
        {
            var name = m.Groups[1].Value;
            findings.Shortcodes[name] = findings.Shortcodes.GetValueOrDefault(name) + 1;
        }
        if (!blocks) html = AutoParagraphs(html);
        html = FileUrl().Replace(html, m => mediaUrl(m.Value) ?? m.Value);
        foreach (Match img in ImgTag().Matches(html))
        {
            if (!AltAttribute().IsMatch(img.Value)) findings.ImagesWithoutAlt++;
        }
        return html.Trim();
    }

    /// <summary>
    /// <c>[caption id="…" align="…" width="…"]&lt;img …&gt; The caption[/caption]</c>, or the older
    /// <c>caption="…"</c> attribute, as a figure.
    /// </summary>
    private static string Figure(string attributes, string inner)
    {
        var image = CaptionImage().Match(inner);
        if (!image.Success) return inner;
        var text = inner[(image.Index + image.Length)..].Trim();
        if (text.Length == 0 && CaptionAttribute().Match(attributes) is { Success: true } attribute) text = attribute.Groups[1].Value;
        return $"<figure>{image.Value.Trim()}<figcaption>{text}</figcaption></figure>";
    }

    private const string AllBlocks = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

    /// <summary>
    /// WordPress's <c>wpautop</c>, rule by rule (wp-includes/formatting.php): blank lines make paragraphs, a single newline a
    /// <c>&lt;br /&gt;</c>, block-level elements are left out of paragraphs, and <c>&lt;pre&gt;</c> is left alone.
    /// </summary>
    public static string AutoParagraphs(string text)
    {
        if (text.Trim().Length == 0) return "";
        text += "\n";
        var pres = new List<string>();
        if (text.Contains("<pre", StringComparison.Ordinal))
        {
            text = Pre().Replace(text, m =>
            {
                pres.Add(m.Value);
                return $"<pre wp-pre-tag-{pres.Count - 1}></pre>";
            });
        }
        text = DoubleBreak().Replace(text, "\n\n");
        text = BlockOpening().Replace(text, "\n\n$1");
        text = BlockClosing().Replace(text, "$1\n\n");
        text = Rule().Replace(text, "$1\n\n");
        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        // Newlines inside a tag are not paragraphs.
        text = Tag().Replace(text, m => m.Value.Replace("\n", " <!-- wpnl --> "));
        if (text.Contains("<figcaption", StringComparison.Ordinal))
        {
            text = SpaceBeforeFigcaption().Replace(text, "$1");
            text = SpaceAfterFigcaption().Replace(text, "</figcaption>");
        }
        text = BlankLines().Replace(text, "\n\n");
        var paragraphs = ParagraphBreak().Split(text).Where(p => p.Length > 0);
        var built = new StringBuilder();
        foreach (var paragraph in paragraphs) built.Append("<p>").Append(paragraph.Trim('\n')).Append("</p>\n");
        text = built.ToString();
        text = EmptyParagraph().Replace(text, "");
        text = UnclosedParagraph().Replace(text, "<p>$1</p></$2>");
        text = ParagraphAroundBlock().Replace(text, "$1");
        text = ParagraphAroundItem().Replace(text, "$1");
        text = ParagraphBeforeQuote().Replace(text, "<blockquote$1><p>");
        text = text.Replace("</blockquote></p>", "</p></blockquote>");
        text = ParagraphBeforeBlock().Replace(text, "$1");
        text = ParagraphAfterBlock().Replace(text, "$1");
        text = RawTextElement().Replace(text, m => m.Value.Replace("\n", "<WPPreserveNewline />"));
        text = text.Replace("<br>", "<br />").Replace("<br/>", "<br />");
        text = LineBreak().Replace(text, "<br />\n");
        text = text.Replace("<WPPreserveNewline />", "\n");
        text = BreakAfterBlock().Replace(text, "$1");
        text = BreakBeforeBlock().Replace(text, "$1");
        text = NewlineBeforeLastClose().Replace(text, "</p>");
        for (var i = 0; i < pres.Count; i++) text = text.Replace($"<pre wp-pre-tag-{i}></pre>", pres[i]);
        return text.Replace(" <!-- wpnl --> ", "\n").Replace("<!-- wpnl -->", "\n");
    }

    [GeneratedRegex(@"<!--\s*/?wp:.*?-->\n?", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"\[caption([^\]]*)\](.*?)\[/caption\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"^\s*(?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?", RegexOptions.IgnoreCase)]
    private static partial Regex CaptionImage();

    [GeneratedRegex(@"\bcaption=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex CaptionAttribute();

    /// <summary>WordPress turns such a line into an embedded player (oEmbed); here it stays a link.</summary>
    [GeneratedRegex(@"^[ \t]*(https?://(?:www\.|m\.)?(?:youtube\.com/watch\?[^\s<]+|youtu\.be/[^\s<]+|vimeo\.com/[^\s<]+|(?:twitter|x)\.com/[^\s<]+/status/[^\s<]+))[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex EmbedLine();

    /// <summary>An opening shortcode: <c>[gallery ids="1,2"]</c>, <c>[contact-form-7 …]</c>; not <c>[1]</c> nor <c>[[escaped]]</c>.</summary>
    [GeneratedRegex(@"(?<!\[)\[([a-zA-Z][\w-]*)(?=[\s\]/])[^\]]*\](?!\])")]
    private static partial Regex Shortcode();

    /// <summary>An address of an uploaded file, full size or one of WordPress's size variants.</summary>
    [GeneratedRegex(@"https?://[^\s""'<>()]+?\.(?:jpe?g|png|gif|webp|avif|svg|pdf)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FileUrl();

    [GeneratedRegex(@"<img\s[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ImgTag();

    [GeneratedRegex(@"\balt\s*=\s*(""[^""]+""|'[^']+')", RegexOptions.IgnoreCase)]
    private static partial Regex AltAttribute();

    [GeneratedRegex(@"<pre[^>]*>.*?</pre>", RegexOptions.Singleline)]
    private static partial Regex Pre();

    [GeneratedRegex(@"<[^<>]*>")]
    private static partial Regex Tag();

    // wpautop's rules, in its order. Generated, not Regex.Replace(text, pattern): the static cache holds 15 patterns, fewer than
    // this method uses, so every post parsed each of them again.
    [GeneratedRegex(@"<br\s*/?>\s*<br\s*/?>")]
    private static partial Regex DoubleBreak();

    [GeneratedRegex("(<" + AllBlocks + @"[\s/>])")]
    private static partial Regex BlockOpening();

    [GeneratedRegex("(</" + AllBlocks + ">)")]
    private static partial Regex BlockClosing();

    [GeneratedRegex(@"(<hr\s*?/?>)")]
    private static partial Regex Rule();

    [GeneratedRegex(@"\s*(<figcaption[^>]*>)")]
    private static partial Regex SpaceBeforeFigcaption();

    [GeneratedRegex(@"</figcaption>\s*")]
    private static partial Regex SpaceAfterFigcaption();

    [GeneratedRegex("\n\n+")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"<p>\s*</p>")]
    private static partial Regex EmptyParagraph();

    [GeneratedRegex("<p>([^<]+)</(div|address|form)>")]
    private static partial Regex UnclosedParagraph();

    [GeneratedRegex(@"<p>\s*(</?" + AllBlocks + @"[^>]*>)\s*</p>")]
    private static partial Regex ParagraphAroundBlock();

    [GeneratedRegex("<p>(<li.+?)</p>")]
    private static partial Regex ParagraphAroundItem();

    [GeneratedRegex("<p><blockquote([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphBeforeQuote();

    [GeneratedRegex(@"<p>\s*(</?" + AllBlocks + "[^>]*>)")]
    private static partial Regex ParagraphBeforeBlock();

    [GeneratedRegex("(</?" + AllBlocks + @"[^>]*>)\s*</p>")]
    private static partial Regex ParagraphAfterBlock();

    [GeneratedRegex(@"(?<!<br />)\s*\n")]
    private static partial Regex LineBreak();

    [GeneratedRegex("(</?" + AllBlocks + @"[^>]*>)\s*<br />")]
    private static partial Regex BreakAfterBlock();

    [GeneratedRegex(@"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")]
    private static partial Regex BreakBeforeBlock();

    [GeneratedRegex("\n</p>$")]
    private static partial Regex NewlineBeforeLastClose();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"<(script|style|svg|math).*?</\1>", RegexOptions.Singleline)]
    private static partial Regex RawTextElement();
}

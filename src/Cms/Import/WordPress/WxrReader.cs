using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Cms.Import.WordPress;

/// <summary>A file that is not a WordPress export this reader takes: the message names what is wrong with it.</summary>
public sealed class WxrFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What the channel says of the exporting site, before its first author, term or item.</summary>
public sealed record WxrChannel(string Version, string Site, string? Title);

public sealed record WxrAuthor(string Login, string? Email, string? DisplayName);

/// <summary>A category (<see cref="Parent"/> is the parent's slug) or a tag; <see cref="Id"/> is null in WXR 1.0, which has no term ids.</summary>
public sealed record WxrTerm(WxrTermKind Kind, long? Id, string Slug, string Name, string? Parent);

public enum WxrTermKind
{
    Category,
    Tag,
}

public sealed record WxrItemTerm(string Domain, string Slug, string Name);

public sealed record WxrItem(
    long Id, string Type, string Status, string Title, string? Link, string? Creator, string Content, string Excerpt, string? Name,
    DateTime? DateGmt, long Parent, string? AttachmentUrl, IReadOnlyList<WxrItemTerm> Terms, IReadOnlyDictionary<string, string> Meta, int Comments);

/// <summary>
/// Reads a WordPress eXtended RSS export (WXR 1.0, 1.1, 1.2) as a stream: one author, term or item at a time, so that
/// memory stays bounded whatever the size of the export. A DTD is refused before anything is read: WordPress never
/// writes one, and entities are how an XML file reads a server's files (XXE) or exhausts its memory.
/// </summary>
public static partial class WxrReader
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// The export's channel, then its authors (<see cref="WxrAuthor"/>), terms (<see cref="WxrTerm"/>, by domain) and
    /// items, in file order. Throws <see cref="WxrFormatException"/> on a file that is not WXR, is not well formed, or
    /// declares a DTD.
    /// </summary>
    public static IEnumerable<object> Read(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Settings);
        XNamespace wp;
        XNamespace excerpt;
        string version;
        try
        {
            if (!reader.ReadToFollowing("rss")) throw new WxrFormatException("This is not a WordPress export: it has no <rss> element.");
            (wp, version) = WordPressNamespace(reader)
                ?? throw new WxrFormatException("This is not a WordPress export: its <rss> element declares no WordPress export namespace (http://wordpress.org/export/1.x/).");
            excerpt = wp.NamespaceName + "excerpt/";
        }
        catch (XmlException e)
        {
            throw Malformed(e);
        }

        string? site = null;
        string? link = null;
        string? title = null;
        var channelSent = false;
        // XNode.ReadFrom leaves the reader on the node after the element read: read on only when it did not.
        var positioned = false;
        while (true)
        {
            object? next = null;
            try
            {
                if (!positioned && !reader.Read()) break;
                positioned = false;
                if (reader.EOF) break;
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2) continue;
                var name = reader.LocalName;
                var ns = reader.NamespaceURI;
                var element = (XElement)XNode.ReadFrom(reader);
                positioned = true;
                if (ns == "" && name == "title") title = element.Value.Trim();
                else if (ns == "" && name == "link") link = element.Value.Trim();
                else if (ns == "" && name == "item") next = Item(element, wp, excerpt);
                else if (ns == wp.NamespaceName)
                {
                    next = name switch
                    {
                        "author" => Author(element, wp),
                        "category" => Category(element, wp),
                        "tag" => Tag(element, wp),
                        _ => null,
                    };
                    if (name == "base_blog_url") site = element.Value.Trim();
                }
            }
            catch (XmlException e)
            {
                throw Malformed(e);
            }
            if (next is null) continue;
            if (!channelSent)
            {
                channelSent = true;
                yield return new WxrChannel(version, NormalizeSite(site ?? link), title);
            }
            yield return next;
        }
        if (!channelSent) yield return new WxrChannel(version, NormalizeSite(site ?? link), title);
    }

    /// <summary>
    /// Reads the whole file once without keeping anything, before an import writes a thing: a file cut short or broken
    /// halfway is refused whole. Returns the number of items.
    /// </summary>
    public static int Check(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Settings);
        try
        {
            if (!reader.ReadToFollowing("rss")) throw new WxrFormatException("This is not a WordPress export: it has no <rss> element.");
            if (WordPressNamespace(reader) is null)
            {
                throw new WxrFormatException("This is not a WordPress export: its <rss> element declares no WordPress export namespace (http://wordpress.org/export/1.x/).");
            }
            var items = 0;
            var channel = false;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.Depth == 1 && reader.LocalName == "channel") channel = true;
                else if (reader.Depth == 2 && reader.LocalName == "item" && reader.NamespaceURI.Length == 0) items++;
            }
            if (!channel) throw new WxrFormatException("This is not a WordPress export: it has no <channel>.");
            return items;
        }
        catch (XmlException e)
        {
            throw Malformed(e);
        }
    }

    /// <summary>The site's address as a key: no scheme difference, no trailing slash.</summary>
    public static string NormalizeSite(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new WxrFormatException("The export names no site (neither wp:base_blog_url nor the channel's link): its items could not be told from another site's.");
        var trimmed = url.Trim().TrimEnd('/');
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
        return (scheme >= 0 ? trimmed[(scheme + 3)..] : trimmed).ToLowerInvariant();
    }

    private static (XNamespace, string)? WordPressNamespace(XmlReader reader)
    {
        if (!reader.MoveToFirstAttribute()) return null;
        do
        {
            if (reader.Prefix != "xmlns" && reader.Name != "xmlns") continue;
            var match = ExportNamespace().Match(reader.Value);
            if (match.Success)
            {
                var ns = reader.Value;
                var version = match.Groups[1].Value;
                reader.MoveToElement();
                return (ns, version);
            }
        } while (reader.MoveToNextAttribute());
        reader.MoveToElement();
        return null;
    }

    private static WxrFormatException Malformed(XmlException e) =>
        e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            ? new WxrFormatException("The file declares a DTD (<!DOCTYPE …>): refused. WordPress never writes one, and its entities could read this server's files (XXE).", e)
            : new WxrFormatException($"The file is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}", e);

    private static WxrAuthor Author(XElement e, XNamespace wp) =>
        new(Text(e, wp + "author_login") ?? "", Text(e, wp + "author_email"), Text(e, wp + "author_display_name"));

    private static WxrTerm Category(XElement e, XNamespace wp) =>
        new(WxrTermKind.Category, Long(e, wp + "term_id"), Text(e, wp + "category_nicename") ?? "", Text(e, wp + "cat_name") ?? "", Text(e, wp + "category_parent"));

    private static WxrTerm Tag(XElement e, XNamespace wp) =>
        new(WxrTermKind.Tag, Long(e, wp + "term_id"), Text(e, wp + "tag_slug") ?? "", Text(e, wp + "tag_name") ?? "", null);

    private static WxrItem Item(XElement e, XNamespace wp, XNamespace excerpt)
    {
        var terms = e.Elements("category")
            .Select(c => new WxrItemTerm(
                // WXR 1.0 wrote tags as domain="tag"; later versions as "post_tag".
                (string?)c.Attribute("domain") is "tag" ? "post_tag" : (string?)c.Attribute("domain") ?? "",
                (string?)c.Attribute("nicename") ?? "", c.Value.Trim()))
            .Where(t => t.Domain.Length > 0 && t.Slug.Length > 0)
            .DistinctBy(t => (t.Domain, t.Slug))
            .ToList();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in e.Elements(wp + "postmeta"))
        {
            if (Text(m, wp + "meta_key") is { } key) meta[key] = Text(m, wp + "meta_value") ?? "";
        }
        return new WxrItem(
            Long(e, wp + "post_id") ?? 0,
            Text(e, wp + "post_type") ?? "post",
            Text(e, wp + "status") ?? "draft",
            (string?)e.Element("title") ?? "",
            Text(e, "link"),
            Text(e, (XNamespace)DcNs + "creator"),
            (string?)e.Element((XNamespace)ContentNs + "encoded") ?? "",
            (string?)e.Element(excerpt + "encoded") ?? "",
            Text(e, wp + "post_name"),
            Date(Text(e, wp + "post_date_gmt")),
            Long(e, wp + "post_parent") ?? 0,
            Text(e, wp + "attachment_url"),
            terms,
            meta,
            e.Elements(wp + "comment").Count());
    }

    private static string? Text(XElement e, XName name) =>
        e.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;

    private static long? Long(XElement e, XName name) =>
        long.TryParse(Text(e, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>WordPress writes "0000-00-00 00:00:00" for a draft that never had a date.</summary>
    private static DateTime? Date(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : null;

    [GeneratedRegex(@"^https?://wordpress\.org/export/(1\.[0-2])/$")]
    private static partial Regex ExportNamespace();
}

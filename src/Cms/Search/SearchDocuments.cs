using System.Text;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Cms.Search;

/// <summary>What a results page shows of one indexed version (the standfirst is the snippet when the body has no match).</summary>
public sealed record IndexedItem(string ContentItemId, string Title, string Path, DateTime? PublishedUtc, string? CategoryId, string Standfirst);

/// <summary>
/// Turns a content item version into a Lucene document, under Orchard Core's field names where it has one. The standfirst
/// and the category are the fields of the item's type in those roles (<see cref="FieldRoles"/>), whatever they are named.
/// Readers' words are matched in one field, the full text, where the title is written four times and the standfirst
/// twice before the body: one posting list per word instead of three is what keeps a search of a large archive fast,
/// and the copies make a word of the title weigh more than one of the body. What a results page shows (standfirst
/// included) is read from doc values, no stored document decompressed per hit; only the body, for the snippet, is a
/// stored field.
/// </summary>
public static class SearchDocuments
{
    public const string Id = "Content.ContentItem.ContentItemId";
    public const string VersionId = "Content.ContentItem.ContentItemVersionId";
    public const string ContentType = "Content.ContentItem.ContentType";
    public const string DisplayText = "Content.ContentItem.DisplayText";
    public const string Title = "Content.ContentItem.DisplayText.Analyzed";
    public const string Standfirst = "Content.Roles.Standfirst";
    public const string Body = "Content.BodyAspect.Body";
    public const string FullText = "Content.ContentItem.FullText";
    public const string Published = "Content.ContentItem.Published";
    public const string Latest = "Content.ContentItem.Latest";
    public const string Owner = "Content.ContentItem.Owner";
    public const string Author = "Content.ContentItem.Author";
    public const string Status = "Content.ContentItem.Status";
    public const string PublishedUtc = "Content.ContentItem.PublishedUtc";
    public const string Category = "Content.Roles.Category.TermContentItemIds";
    public const string Path = "AutoroutePart.Path";

    /// <summary>The item's first category term, as the editor ordered them (the set above is sorted by id).</summary>
    public const string PrimaryCategory = "Content.Roles.Category.Primary";

    /// <summary>Publication time, or the last save for an item never published: what "sort=date" orders by.</summary>
    public const string SortDate = "Sort.Date";

    /// <summary>
    /// The shape of the documents, written in every commit. A generation written in another shape is built again from
    /// the database when it is opened, instead of being searched with fields it does not have.
    /// </summary>
    public const string Layout = "6";

    /// <summary>The fields kept as binary doc values, for a results page: written in <see cref="PlainBinaryDocValuesFormat"/> (since layout 6).</summary>
    public static IReadOnlySet<string> BinaryFields { get; } = new HashSet<string>(StringComparer.Ordinal) { Id, DisplayText, Body, Path, Standfirst, PrimaryCategory };

    /// <summary>How many times the title and the standfirst are written into the full text: their weight against the body.</summary>
    public const int TitleCopies = 4;
    public const int StandfirstCopies = 2;

    /// <summary>The fields indexed through the analyzer (the others hold exact values).</summary>
    public static IReadOnlySet<string> AnalyzedFields { get; } = new HashSet<string>(StringComparer.Ordinal) { FullText, Title, Standfirst };

    /// <summary>The document for <paramref name="item"/>; <paramref name="analyzer"/> is the index's (the title and standfirst are analyzed once for all their copies).</summary>
    public static Document Build(ContentItem item, ContentDefinitionSet definitions, Analyzer analyzer)
    {
        var title = item.DisplayText ?? item.Part("TitlePart")?["Title"]?.GetValue<string>() ?? "";
        var subtitle = definitions.Text(item, FieldRoles.Standfirst);
        var body = HtmlText.ToPlainText(Text(item.Part("HtmlBodyPart")?["Html"] is { } html ? html : null) ?? "");
        var path = item.Part("AutoroutePart")?["Path"] is JsonValue value && value.TryGetValue<string>(out var p) ? p : "";

        var document = new Document
        {
            new StringField(Id, item.ContentItemId, Field.Store.NO),
            new BinaryDocValuesField(Id, new BytesRef(item.ContentItemId)),
            new StringField(VersionId, item.ContentItemVersionId, Field.Store.NO),
            new StringField(ContentType, item.ContentType, Field.Store.NO),
            new BinaryDocValuesField(DisplayText, new BytesRef(title)),

            new BinaryDocValuesField(Body, new BytesRef(body)),
            new StringField(Published, item.Published ? "true" : "false", Field.Store.NO),
            new StringField(Latest, item.Latest ? "true" : "false", Field.Store.NO),
            new StringField(Status, item.Status.ToString(), Field.Store.NO),
            new BinaryDocValuesField(Path, new BytesRef(path)),
            new BinaryDocValuesField(Standfirst, new BytesRef(subtitle ?? "")),
            new NumericDocValuesField(PublishedUtc, item.PublishedUtc?.Ticks ?? 0),
            new NumericDocValuesField(SortDate, (item.PublishedUtc ?? item.ModifiedUtc ?? DateTime.MinValue).Ticks),
        };
        if (item.Owner is not null) document.Add(new StringField(Owner, item.Owner, Field.Store.NO));
        if (item.Author is not null) document.Add(new StringField(Author, item.Author, Field.Store.NO));

        // The title and the standfirst are indexed alone and copied into the full text: analyzed once, replayed for each
        // copy. The analyzer leaves a gap between values, so that a phrase never runs from one copy into the next.
        var titleTokens = AnalyzedText.Of(analyzer, title);
        var subtitleTokens = subtitle is null ? null : AnalyzedText.Of(analyzer, subtitle);
        document.Add(titleTokens.Field(Title));
        if (subtitleTokens is not null) document.Add(subtitleTokens.Field(Standfirst));
        for (var i = 0; i < TitleCopies; i++) document.Add(titleTokens.Field(FullText));
        for (var i = 0; subtitleTokens is not null && i < StandfirstCopies; i++) document.Add(subtitleTokens.Field(FullText));
        document.Add(new TextField(FullText, body, Field.Store.NO));

        var terms = definitions.Terms(item, FieldRoles.Category).Distinct().ToList();
        foreach (var term in terms)
        {
            document.Add(new StringField(Category, term, Field.Store.NO));
            document.Add(new SortedSetDocValuesField(Category, new BytesRef(term)));
        }
        document.Add(new BinaryDocValuesField(PrimaryCategory, new BytesRef(terms.FirstOrDefault() ?? "")));
        return document;
    }

    /// <summary>The content item id of a document, from its doc values.</summary>
    public static string ReadId(IndexReader reader, int doc)
    {
        var (leaf, local) = Locate(reader, doc);
        return Binary(leaf, Id, local);
    }

    /// <summary>What a results page shows of a document, from its doc values.</summary>
    public static IndexedItem Read(IndexReader reader, int doc)
    {
        var (leaf, local) = Locate(reader, doc);
        var ticks = leaf.GetNumericDocValues(PublishedUtc)?.Get(local) ?? 0;
        var category = Binary(leaf, PrimaryCategory, local);
        return new IndexedItem(Binary(leaf, Id, local), Binary(leaf, DisplayText, local), Binary(leaf, Path, local),
            ticks > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null, category.Length == 0 ? null : category, Binary(leaf, Standfirst, local));
    }

    /// <summary>
    /// The body's plain text, for a snippet, decoded into <paramref name="buffer"/> (grown from the shared pool when too
    /// small: the caller returns it there): a results page's bodies are most of what a search would otherwise allocate.
    /// </summary>
    public static ReadOnlySpan<char> ReadBody(IndexReader reader, int doc, ref char[] buffer)
    {
        var (leaf, local) = Locate(reader, doc);
        if (leaf.GetBinaryDocValues(Body) is not PlainBinaryDocValuesFormat.Values values) return [];
        var bytes = values.Bytes(local);
        // UTF-8 never has fewer bytes than the UTF-16 characters it decodes to.
        if (buffer.Length < bytes.Length)
        {
            if (buffer.Length > 0) System.Buffers.ArrayPool<char>.Shared.Return(buffer);
            buffer = System.Buffers.ArrayPool<char>.Shared.Rent(bytes.Length);
        }
        var length = Encoding.UTF8.GetChars(bytes, buffer);
        return buffer.AsSpan(0, length);
    }

    private static (AtomicReader Leaf, int Local) Locate(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var context = leaves[ReaderUtil.SubIndex(doc, leaves)];
        return (context.AtomicReader, doc - context.DocBase);
    }

    private static string Binary(AtomicReader leaf, string field, int local) =>
        leaf.GetBinaryDocValues(field) is PlainBinaryDocValuesFormat.Values values ? values.ReadString(local) : "";

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => Text(o["Text"]),
        _ => null,
    };
}

/// <summary>A short text analyzed once, replayed as many times as it is indexed.</summary>
public sealed class AnalyzedText
{
    private readonly List<(string Term, int Increment, int Start, int End)> _tokens = [];
    private int _length;

    public static AnalyzedText Of(Analyzer analyzer, string text)
    {
        var analyzed = new AnalyzedText { _length = text.Length };
        using var stream = analyzer.GetTokenStream(SearchDocuments.FullText, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) analyzed._tokens.Add((term.ToString(), increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
        stream.End();
        return analyzed;
    }

    /// <summary>A field indexing these tokens.</summary>
    public Field Field(string name) => new ReplayedField(name, this);

    /// <summary>
    /// A field whose tokens are replayed by its thread's one stream: Lucene takes a field's tokens while it adds the
    /// document, one field after another, as it does with the streams an analyzer reuses. A stream of its own for each
    /// field built an attribute map per copy: 250 MiB of the 5 GB a first import of 10,000 posts allocated.
    /// </summary>
    private sealed class ReplayedField(string name, AnalyzedText text) : Field(name, TextField.TYPE_NOT_STORED)
    {
        [ThreadStatic] private static Replayed? _stream;

        public override TokenStream GetTokenStream(Analyzer analyzer)
        {
            var stream = _stream ??= new Replayed();
            stream.Text = text;
            return stream;
        }
    }

    private sealed class Replayed : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IOffsetAttribute _offset;
        private int _next;

        public AnalyzedText Text { get; set; } = null!;

        public Replayed()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_next == Text._tokens.Count) return false;
            ClearAttributes();
            var (term, increment, start, end) = Text._tokens[_next++];
            _term.SetEmpty().Append(term);
            _increment.PositionIncrement = increment;
            _offset.SetOffset(start, end);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _next = 0;
        }

        public override void End()
        {
            base.End();
            _offset.SetOffset(Text._length, Text._length);
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Media;
using Cms.Parts.Taxonomy;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using static Cms.GraphQL.GraphFields;
using Strings = GraphQL.Types.NonNullGraphType<GraphQL.Types.ListGraphType<GraphQL.Types.NonNullGraphType<GraphQL.Types.StringGraphType>>>;

namespace Cms.GraphQL;

/// <summary>A part of an item as resolvers see it: its JSON (null when the item has none) and the item.</summary>
internal sealed record PartValue(JsonObject? Json, ItemNode Node);

/// <summary>A field of an item: its JSON (null when not set), the item, and its definition (a taxonomy field's taxonomy is in its settings).</summary>
internal sealed record FieldValue(JsonObject? Json, ItemNode Node, ContentPartFieldDefinition Definition);

/// <summary>
/// The graph types every schema has, in Orchard Core's shape: the <c>ContentItem</c> interface, the built-in parts
/// (<c>titlePart { title }</c>…), the field kinds (<c>TextField { text }</c>…) and the enums. Made again for each schema:
/// a graph type belongs to one schema.
/// </summary>
internal sealed class ContentGraphTypes
{
    public const string InterfaceName = "ContentItem";

    /// <summary>The names these types take, which a content type or part cannot take too.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Query", InterfaceName, "Status", "OrderByDirection", "MediaFormat", "TitlePart", "AutoroutePart", "HtmlBodyPart", "TaxonomyPart",
        "CorrectionsPart", "CorrectionNote", "TaxonomyTerm", "TermSummary", "SearchResults", "SearchHit", "TextField", "HtmlField", "BooleanField", "NumericField",
        "DateTimeField", "TaxonomyField", "MediaField", "ContentPickerField", "String", "Int", "Float", "Boolean", "ID", "DateTime", "Decimal",
    };

    private readonly Dictionary<string, ObjectGraphType> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectGraphType> _fields = new(StringComparer.Ordinal);

    public ContentGraphTypes(Func<ItemNode, bool> inSchema)
    {
        InSchema = inSchema;
        ContentItem = new InterfaceGraphType { Name = InterfaceName, Description = "Any content item, in Orchard Core's shape." };
        AddItemFields(ContentItem);

        Status = new EnumerationGraphType { Name = "Status", Description = "Which versions to read." };
        Status.Add("PUBLISHED", PublicationStatus.Published, "Published versions: for everyone.");
        Status.Add("DRAFT", PublicationStatus.Draft, "Latest versions that are not published: needs PreviewContent, or EditOwnContent for one's own items.");
        Status.Add("LATEST", PublicationStatus.Latest, "Latest versions: needs PreviewContent, or EditOwnContent for one's own items.");
        Status.Add("ALL", PublicationStatus.All, "Every version: needs PreviewContent, or EditOwnContent for one's own items.");

        OrderByDirection = new EnumerationGraphType { Name = "OrderByDirection" };
        OrderByDirection.Add("ASC", SortDirection.Asc);
        OrderByDirection.Add("DESC", SortDirection.Desc);

        MediaFormat = new EnumerationGraphType { Name = "MediaFormat" };
        MediaFormat.Add("WEBP", "webp");
        MediaFormat.Add("JPEG", "jpeg");
        MediaFormat.Add("PNG", "png");

        TaxonomyTerm = new ObjectGraphType { Name = "TaxonomyTerm", Description = "A term of a taxonomy (a category, a tag)." };
        TaxonomyTerm.AddField(Field<NonNullGraphType<StringGraphType>>("contentItemId", c => ((TaxonomyTerm)c.Source!).ContentItemId));
        TaxonomyTerm.AddField(Field<StringGraphType>("displayText", c => ((TaxonomyTerm)c.Source!).Name));
        TaxonomyTerm.AddField(Field<StringGraphType>("slug", c => ((TaxonomyTerm)c.Source!).Slug));

        AddPart("TitlePart", t => t.AddField(Field<StringGraphType>("title", c => Text(Part(c), "Title"))));
        AddPart("AutoroutePart", t => t.AddField(Field<StringGraphType>("path", c => Text(Part(c), "Path"))));
        AddPart("HtmlBodyPart", t => t.AddField(Field<StringGraphType>("html", c => Text(Part(c), "Html"))));
        var note = new ObjectGraphType { Name = "CorrectionNote", Description = "A public correction, dated when its version was published." };
        note.AddField(Field<StringGraphType>("text", c => ((Parts.Corrections.CorrectionNote)c.Source!).Text));
        note.AddField(Field<DateTimeGraphType>("publishedUtc", c => ((Parts.Corrections.CorrectionNote)c.Source!).PublishedUtc));
        AddPart("CorrectionsPart", t =>
        {
            t.AddField(Field("notes", ListOf(note), c => Parts.Corrections.CorrectionsPart.Notes(Part(c))));
            t.AddField(Field<DateTimeGraphType>("updatedUtc", c => Parts.Corrections.CorrectionsPart.ReadUtc(Part(c)?["UpdatedUtc"])));
        });
        AddPart("TaxonomyPart", t =>
        {
            t.AddField(Field<StringGraphType>("termContentType", c => Text(Part(c), "TermContentType")));
            t.AddField(Field("terms", ListOf(TaxonomyTerm), c => Taxonomy.From(((PartValue)c.Source!).Node.Item).Terms));
        });

        AddFieldKind("TextField", t => t.AddField(Field<StringGraphType>("text", c => Text(Value(c), "Text"))));
        AddFieldKind("HtmlField", t => t.AddField(Field<StringGraphType>("html", c => Text(Value(c), "Html"))));
        AddFieldKind("BooleanField", t => t.AddField(Field<BooleanGraphType>("value",
            c => Value(c)?["Value"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null)));
        AddFieldKind("NumericField", t => t.AddField(Field<DecimalGraphType>("value",
            c => Value(c)?["Value"] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null)));
        AddFieldKind("DateTimeField", t => t.AddField(Field<DateTimeGraphType>("value", c => Date(Value(c)?["Value"]))));
        AddFieldKind("TaxonomyField", AddTaxonomyFieldFields);
        AddFieldKind("MediaField", AddMediaFieldFields);
        AddFieldKind("ContentPickerField", t =>
        {
            t.AddField(Field<Strings>("contentItemIds", c => Strings(Value(c)?["ContentItemIds"])));
            t.AddField(Field("contentItems", ListOf(ContentItem), c =>
            {
                var field = (FieldValue)c.Source!;
                var ids = Strings(field.Json?["ContentItemIds"]);
                // Picked items are read as the query that reached this item reads: published, or the newest the caller may see.
                return GraphQLRequestContext.Of(c).Items(field.Node.View).LoadMany(ids)
                    .Then(items => (IReadOnlyList<ItemNode>)items.OfType<ItemNode>().Where(InSchema).ToList());
            }, "The picked items the caller may see, in the editor's order."));
        });
    }

    public InterfaceGraphType ContentItem { get; }
    public EnumerationGraphType Status { get; }
    public EnumerationGraphType OrderByDirection { get; }
    public EnumerationGraphType MediaFormat { get; }
    public ObjectGraphType TaxonomyTerm { get; }

    /// <summary>Whether an item's type has a graph type in this schema (items of a type since removed are left out).</summary>
    public Func<ItemNode, bool> InSchema { get; }

    public ObjectGraphType? BuiltInPart(string partName) => _parts.GetValueOrDefault(partName);

    public ObjectGraphType? FieldKind(string fieldName) => _fields.GetValueOrDefault(fieldName);

    /// <summary>The fields every item has, on the interface (declared only: each type resolves them) and on each type.</summary>
    public static void AddItemFields(IComplexGraphType type)
    {
        void Add(FieldType field)
        {
            if (type is IInterfaceGraphType) field.Resolver = null;
            type.AddField(field);
        }
        Add(Field<NonNullGraphType<StringGraphType>>("contentItemId", c => Item(c).ContentItemId));
        Add(Field<NonNullGraphType<StringGraphType>>("contentItemVersionId", c => Item(c).ContentItemVersionId));
        Add(Field<NonNullGraphType<StringGraphType>>("contentType", c => Item(c).ContentType));
        Add(Field<StringGraphType>("displayText", c => Item(c).DisplayText));
        Add(Field<DateTimeGraphType>("createdUtc", c => Item(c).CreatedUtc));
        Add(Field<DateTimeGraphType>("modifiedUtc", c => Item(c).ModifiedUtc));
        Add(Field<DateTimeGraphType>("publishedUtc", c => Item(c).PublishedUtc));
        Add(Field<StringGraphType>("owner", c => Item(c).Owner, "The id of the user who owns the item."));
        Add(Field<StringGraphType>("author", c => Item(c).Author, "The name of the user who wrote this version."));
        Add(Field<NonNullGraphType<BooleanGraphType>>("published", c => Item(c).Published));
        Add(Field<NonNullGraphType<BooleanGraphType>>("latest", c => Item(c).Latest));
    }

    private void AddPart(string name, Action<ObjectGraphType> fields)
    {
        var type = new ObjectGraphType { Name = name };
        fields(type);
        _parts[name] = type;
    }

    private void AddFieldKind(string name, Action<ObjectGraphType> fields)
    {
        var type = new ObjectGraphType { Name = name };
        fields(type);
        _fields[name] = type;
    }

    private void AddTaxonomyFieldFields(ObjectGraphType type)
    {
        type.AddField(Field<StringGraphType>("taxonomyContentItemId", c => TaxonomyOf((FieldValue)c.Source!)));
        type.AddField(Field<Strings>("termContentItemIds", c => Strings(Value(c)?["TermContentItemIds"])));
        type.AddField(Field("termContentItems", ListOf(TaxonomyTerm), c =>
        {
            var field = (FieldValue)c.Source!;
            var ids = Strings(field.Json?["TermContentItemIds"]);
            if (TaxonomyOf(field) is not { } taxonomyId || ids.Count == 0) return Array.Empty<TaxonomyTerm>();
            return GraphQLRequestContext.Of(c).Taxonomies.Load(taxonomyId)
                .Then(taxonomy => (IReadOnlyList<TaxonomyTerm>)ids.Select(id => taxonomy?.FindTerm(id)).OfType<TaxonomyTerm>().ToList());
        }, "The terms, in the editor's order (a term since deleted is left out)."));
    }

    private void AddMediaFieldFields(ObjectGraphType type)
    {
        type.AddField(Field<Strings>("paths", c => Strings(Value(c)?["Paths"])));
        type.AddField(Field<Strings>("mediaTexts", c => Strings(Value(c)?["MediaTexts"])));
        type.AddField(Field<Strings>("urls", MediaUrlsOf,
            "The URL of each path; with width, height or format, of a variant (cropped to both sides when both are given). " +
            "Sizes outside Cms:Media:Sizes come signed.",
            Argument<IntGraphType>("width"), Argument<IntGraphType>("height"), Argument("format", MediaFormat)));
    }

    private static object? MediaUrlsOf(IResolveFieldContext context)
    {
        var request = GraphQLRequestContext.Of(context);
        var media = request.Services.GetRequiredService<IOptions<MediaOptions>>().Value;
        var urls = request.Services.GetRequiredService<MediaUrls>();
        var width = context.GetArgument<int?>("width");
        var height = context.GetArgument<int?>("height");
        var format = context.GetArgument<string?>("format");
        foreach (var (name, size) in new[] { ("width", width), ("height", height) })
        {
            if (size is < 1 || size > media.MaxRenderSide)
            {
                throw new ExecutionError($"{name} must be from 1 to {media.MaxRenderSide} (Cms:Media:MaxRenderSide).");
            }
        }
        var paths = Strings(Value(context)?["Paths"]);
        // A signed crop of both sides is centred on the image's focal point, which only the media library knows.
        if (width is not null && height is not null && (!urls.IsListed(width) || !urls.IsListed(height)))
        {
            return request.MediaFocus.LoadMany(paths)
                .Then(focus => (IReadOnlyList<string>)paths.Select((path, i) => urls.Url(path, width, height, format, focus[i])).ToList());
        }
        return paths.Select(path => urls.Url(path, width, height, format, null)).ToList();
    }

    private static string? TaxonomyOf(FieldValue field) =>
        Text(field.Json, "TaxonomyContentItemId") ?? field.Definition.Settings["TaxonomyFieldSettings"]?["TaxonomyContentItemId"]?.GetValue<string>();

    private static ContentItem Item(IResolveFieldContext context) => ((ItemNode)context.Source!).Item;

    private static JsonObject? Part(IResolveFieldContext context) => ((PartValue)context.Source!).Json;

    private static JsonObject? Value(IResolveFieldContext context) => ((FieldValue)context.Source!).Json;

    private static string? Text(JsonObject? json, string name) => json?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTime? Date(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<DateTime>(out var date) => DateTime.SpecifyKind(date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : date, DateTimeKind.Utc),
        JsonValue v when v.TryGetValue<string>(out var text) && DateTime.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => DateTime.SpecifyKind(parsed, DateTimeKind.Utc),
        _ => null,
    };

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();
}

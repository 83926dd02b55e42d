using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Preview;
using GraphQL;
using GraphQL.Conversion;
using GraphQL.Types;
using static Cms.GraphQL.GraphFields;

namespace Cms.GraphQL;

/// <summary>
/// Builds the schema of one snapshot of the content definitions, in Orchard Core's shape: a query field per content type
/// (<c>article(where, orderBy, first, skip, status)</c>), <c>contentItem(contentItemId)</c>, and an object type per content
/// type with its parts (<c>titlePart { title }</c>) and its own fields by name (<c>subtitle { text }</c>). A name GraphQL
/// cannot take, or that another type or field has taken, is left out and logged.
/// </summary>
internal sealed class ContentSchemaBuilder(ContentDefinitionSet definitions, ILogger logger)
{
    private readonly Dictionary<string, ObjectGraphType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectGraphType?> _reusableParts = new(StringComparer.Ordinal);
    private ContentGraphTypes _common = null!;

    public Schema Build()
    {
        _common = new ContentGraphTypes(node => _types.ContainsKey(node.Item.ContentType));
        var query = new ObjectGraphType { Name = "Query" };
        var rootNames = new HashSet<string>(SiteQueries.RootFieldNames, StringComparer.Ordinal) { "contentItem" };

        foreach (var type in definitions.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var fieldName = CamelCase(type.Name);
            if (!IsValidName(type.Name) || ContentGraphTypes.ReservedNames.Contains(type.Name) || !rootNames.Add(fieldName))
            {
                logger.LogWarning("GraphQL: the content type '{Type}' is left out of the schema: its name cannot be a GraphQL type or query field.", type.Name);
                continue;
            }
            var graphType = ItemType(type);
            _types[type.Name] = graphType;
            query.AddField(ListField(type, graphType, fieldName));
        }

        var contentItem = _common.ContentItem;
        contentItem.ResolveType = source => source is ItemNode node ? _types.GetValueOrDefault(node.Item.ContentType) : null;
        query.AddField(AsyncField("contentItem", contentItem, ContentItemAsync,
            "One item: its published version, or with status DRAFT or LATEST its latest version for those who may preview it; a preview " +
            "token (argument or Preview-Token header) opens the latest version of the item it was made for.",
            Argument<NonNullGraphType<IdGraphType>>("contentItemId"),
            Argument("status", _common.Status, PublicationStatus.Published),
            Argument<StringGraphType>("previewToken")));
        SiteQueries.AddTo(query, _common);

        // Names are used as given: they are Orchard Core's already, and AND, OR and NOT must stay in capitals.
        var schema = new Schema { Query = query, Description = "The content of the CMS, generated from its content definitions.", NameConverter = DefaultNameConverter.Instance };
        foreach (var type in _types.Values) schema.RegisterType(type);
        return schema;
    }

    private ObjectGraphType ItemType(ContentTypeDefinition type)
    {
        var graphType = new ObjectGraphType { Name = type.Name, Description = type.DisplayName };
        ContentGraphTypes.AddItemFields(graphType);
        graphType.AddResolvedInterface(_common.ContentItem);
        _common.ContentItem.AddPossibleType(graphType);
        graphType.IsTypeOf = source => source is ItemNode node && node.Item.ContentType == type.Name;
        var taken = graphType.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var part in type.Parts)
        {
            var partName = part.Name;
            if (_common.BuiltInPart(part.PartName) is { } builtIn)
            {
                Add(CamelCase(partName), builtIn, c => new PartValue(((ItemNode)c.Source!).Item.Part(partName), (ItemNode)c.Source!));
            }
            else if (part.Name == type.Name)
            {
                // The type's own part: its fields are the type's, as Orchard Core shows them (article { subtitle { text } }).
                foreach (var field in definitions.FieldsOf(part)) AddField(field, partName, Add);
            }
            else if (ReusablePart(part.PartName, definitions.FieldsOf(part)) is { } reusable)
            {
                Add(CamelCase(partName), reusable, c => new PartValue(((ItemNode)c.Source!).Item.Part(partName), (ItemNode)c.Source!));
            }
        }
        return graphType;

        void Add(string name, IGraphType fieldType, Func<IResolveFieldContext, object?> resolve)
        {
            if (!IsValidName(name) || !taken.Add(name))
            {
                logger.LogWarning("GraphQL: '{Field}' of the content type '{Type}' is left out: the name is not valid or already taken.", name, type.Name);
                return;
            }
            graphType.AddField(Field(name, fieldType, resolve));
        }
    }

    /// <summary>A field of a part: found under the part's name in the item (the part of the type's own name, or a reusable one).</summary>
    private void AddField(ContentPartFieldDefinition field, string partName, Action<string, IGraphType, Func<IResolveFieldContext, object?>> add)
    {
        if (_common.FieldKind(field.FieldName) is not { } kind)
        {
            logger.LogWarning("GraphQL: the field '{Part}.{Field}' is left out: {Kind} has no GraphQL type.", partName, field.Name, field.FieldName);
            return;
        }
        add(CamelCase(field.Name), kind, c =>
        {
            var node = c.Source is PartValue part ? part.Node : (ItemNode)c.Source!;
            var json = c.Source is PartValue holder ? holder.Json : node.Item.Part(partName);
            return new FieldValue(json?[field.Name] as JsonObject, node, field);
        });
    }

    /// <summary>A part with fields attached to types under its own name (<c>seoMeta { … }</c>): one graph type, whatever type it is on.</summary>
    private ObjectGraphType? ReusablePart(string partName, IReadOnlyList<ContentPartFieldDefinition> fields)
    {
        if (_reusableParts.TryGetValue(partName, out var known)) return known;
        ObjectGraphType? type = null;
        var name = definitions.Types.ContainsKey(partName) || ContentGraphTypes.ReservedNames.Contains(partName) ? partName + "Part" : partName;
        if (fields.Count > 0 && IsValidName(name) && !definitions.Types.ContainsKey(name) && !ContentGraphTypes.ReservedNames.Contains(name))
        {
            type = new ObjectGraphType { Name = name };
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                AddField(field, partName, (fieldName, fieldType, resolve) =>
                {
                    if (IsValidName(fieldName) && taken.Add(fieldName)) type.AddField(Field(fieldName, fieldType, resolve));
                });
            }
        }
        else if (fields.Count > 0)
        {
            logger.LogWarning("GraphQL: the part '{Part}' is left out: its name cannot be a GraphQL type.", partName);
        }
        _reusableParts[partName] = type;
        return type;
    }

    private FieldType ListField(ContentTypeDefinition type, ObjectGraphType graphType, string fieldName)
    {
        var typeName = type.Name;
        // Nullable, so that a refused list (a status the caller may not ask for) leaves the query's other fields their data.
        return AsyncField(fieldName, new ListGraphType(new NonNullGraphType(graphType)), context => ListAsync(context, typeName),
            $"{type.DisplayName} items, newest publication first (newest change first for other statuses).",
            Argument("where", ContentFilters.WhereInput(type.Name)),
            Argument("orderBy", ContentFilters.OrderByInput(type.Name, _common.OrderByDirection)),
            Argument<IntGraphType>("first", 20, "At most Cms:Api:MaxPageSize."),
            Argument<IntGraphType>("skip", 0),
            Argument("status", _common.Status, PublicationStatus.Published));
    }

    private static async Task<object?> ListAsync(IResolveFieldContext context, string typeName)
    {
        var request = GraphQLRequestContext.Of(context);
        var first = context.GetArgument("first", 20);
        var skip = context.GetArgument("skip", 0);
        if (first < 0 || first > request.MaxPageSize) throw new ExecutionError($"first must be from 0 to {request.MaxPageSize} (Cms:Api:MaxPageSize).");
        if (skip < 0) throw new ExecutionError("skip must be 0 or more.");
        var status = context.GetArgument("status", PublicationStatus.Published);
        var where = context.GetArgument<IDictionary<string, object?>?>("where");
        var orderBy = context.GetArgument<IDictionary<string, object?>?>("orderBy");
        var condition = where is null ? null : ContentFilters.Where(where, request.Services.GetRequiredService<DatabaseDialect>());

        IQueryable<ContentItemVersion> Refine(IQueryable<ContentItemVersion> versions)
        {
            versions = versions.Where(v => v.ContentType == typeName);
            if (condition is not null) versions = versions.Where(condition);
            return ContentFilters.Order(versions, orderBy, status).Skip(skip).Take(first);
        }

        var found = await request.Services.GetRequiredService<ContentQueries>().VersionsJsonAsync(status, request.Actor, Refine, context.CancellationToken);
        if (!found.Succeeded) throw StatusRefused(status);
        var view = status == PublicationStatus.Published ? ItemView.Published : ItemView.Newest;
        return found.Value!.Select(json => new ItemNode(ContentItemJson.Parse(json), view)).ToList();
    }

    private async Task<object?> ContentItemAsync(IResolveFieldContext context)
    {
        var request = GraphQLRequestContext.Of(context);
        var id = context.GetArgument<string>("contentItemId");
        var services = request.Services;
        var argumentToken = context.GetArgument<string?>("previewToken");
        if (argumentToken is not null || request.PreviewToken is not null)
        {
            request.UsedPreview = true;
            var previewed = await services.GetRequiredService<PreviewLinks>().OpenAsync(argumentToken ?? request.PreviewToken, id);
            // A token in the argument is for this item; a header may travel with every request of a front-end, and opens only its own item.
            if (previewed is not null) return Known(new ItemNode(previewed, ItemView.Published));
            if (argumentToken is not null) throw new ExecutionError("The preview token does not open this item: it was made for another one, has expired or was revoked.");
        }

        var status = context.GetArgument("status", PublicationStatus.Published);
        if (status == PublicationStatus.Published)
        {
            var document = await services.GetRequiredService<PublishedContentCache>().GetItemAsync(id);
            return document is null ? null : Known(new ItemNode(ContentItemJson.Parse(System.Text.Encoding.UTF8.GetString(document.Utf8Json)), ItemView.Published));
        }
        if (status == PublicationStatus.All) throw new ExecutionError("contentItem takes status PUBLISHED, DRAFT or LATEST; a list field's status ALL gives every version.");
        var found = await services.GetRequiredService<ContentQueries>().VersionsJsonAsync(status, request.Actor,
            versions => versions.Where(v => v.ContentItemId == id).OrderByDescending(v => v.Id).Take(1), context.CancellationToken);
        if (!found.Succeeded) throw StatusRefused(status);
        return found.Value!.Length == 0 ? null : Known(new ItemNode(ContentItemJson.Parse(found.Value[0]), ItemView.Newest));
    }

    private ItemNode? Known(ItemNode node) => _types.ContainsKey(node.Item.ContentType) ? node : null;

    public static ExecutionError StatusRefused(PublicationStatus status) =>
        new($"status {status.ToString().ToUpperInvariant()} needs a bearer token of a user with PreviewContent (every item) or EditOwnContent " +
            "(their own items); without one, ask for PUBLISHED.");
}

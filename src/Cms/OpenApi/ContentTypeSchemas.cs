using System.Text.RegularExpressions;
using Cms.Content.Definitions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.OpenApi;

/// <summary>
/// One schema per content type of the current definitions (<c>{Type}ContentItem</c>: the content item's metadata, then
/// the type's parts and their fields, described by the definitions' names, display names and roles), chosen by
/// <c>ContentType</c> (a discriminator on <see cref="ContentItemDocument"/>). Read from
/// <see cref="ContentDefinitionStore.Current"/> on every generation, so a recipe's change is in the next document.
/// </summary>
internal sealed partial class ContentTypeSchemas : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    private const string Base = nameof(ContentItemDocument);
    private const string Suffix = "ContentItem";

    /// <summary>Parts are objects of their own: any other member is a part the definitions do not list (kept as it is).</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ContentItemDocument))
        {
            // The metadata is the CMS's to set (a body sent in only needs its ContentType and parts); every answer has it all.
            schema.Required = new HashSet<string> { "ContentType" };
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A part, by its name in the type." };
        }
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var definitions = context.ApplicationServices.GetRequiredService<ContentDefinitionStore>().Current;
        document.Components ??= new OpenApiComponents();
        var schemas = document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var mapping = new Dictionary<string, OpenApiSchemaReference>();
        foreach (var type in definitions.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var name = SchemaName(type.Name);
            schemas[name] = TypeSchema(document, definitions, type);
            mapping[type.Name] = new OpenApiSchemaReference(name, document);
        }
        if (schemas.TryGetValue(Base, out var found) && found is OpenApiSchema item)
        {
            item.Discriminator = new OpenApiDiscriminator { PropertyName = "ContentType", Mapping = mapping };
        }
        return Task.CompletedTask;
    }

    /// <summary>The component name of a type's schema (names hold letters, digits, '.', '-' and '_' only).</summary>
    public static string SchemaName(string typeName) => Unsafe().Replace(typeName, "_") + Suffix;

    private static OpenApiSchema TypeSchema(OpenApiDocument document, ContentDefinitionSet definitions, ContentTypeDefinition type)
    {
        var parts = new Dictionary<string, IOpenApiSchema>
        {
            ["ContentType"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = type.Name },
        };
        foreach (var part in type.Parts)
        {
            parts[part.Name] = PartSchema(definitions, part);
        }
        return new OpenApiSchema
        {
            Description = $"A content item of type {type.Name} ({type.DisplayName}).",
            AllOf =
            [
                new OpenApiSchemaReference(Base, document),
                new OpenApiSchema { Type = JsonSchemaType.Object, Properties = parts },
            ],
        };
    }

    private static OpenApiSchema PartSchema(ContentDefinitionSet definitions, ContentTypePartDefinition part)
    {
        var schema = BuiltInPart(part.PartName) ?? new OpenApiSchema { Type = JsonSchemaType.Object };
        schema.Description = part.Name == part.PartName ? part.PartName : $"{part.Name} ({part.PartName})";
        var fields = definitions.FieldsOf(part);
        if (fields.Count > 0)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            foreach (var field in fields) schema.Properties[field.Name] = FieldSchema(field);
        }
        return schema;
    }

    /// <summary>The parts the CMS handles itself (Parts/), as their handlers read and write them.</summary>
    private static OpenApiSchema? BuiltInPart(string partName) => partName switch
    {
        "TitlePart" => Object(("Title", Text())),
        "AutoroutePart" => Object(("Path", Text("The item's path on the site; made from the title when empty."))),
        "HtmlBodyPart" => Object(("Html", Text("The body, sanitized on the way in."))),
        "TaxonomyPart" => Object(("TermContentType", Text()), ("Terms", Array(new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A term: a content item." }))),
        "CorrectionsPart" => Object(
            ("Notes", Array(Object(("Text", Text()), ("PublishedUtc", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" })))),
            ("PendingNote", Text("A public correction note, dated into Notes when this version of a published item is published.")),
            ("MajorUpdate", new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Marks this version a major update: UpdatedUtc is set when it is published." }),
            ("UpdatedUtc", new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time", Description = "The last correction or major update; Notes and UpdatedUtc are kept from the previous version whatever is sent." })),
        _ => null,
    };

    /// <summary>A field as its handler (Fields/) reads and writes it; a field type the CMS does not know is any object.</summary>
    private static OpenApiSchema FieldSchema(ContentPartFieldDefinition field)
    {
        var schema = field.FieldName switch
        {
            "TextField" => Object(("Text", Text())),
            "HtmlField" => Object(("Html", Text("Sanitized on the way in."))),
            "BooleanField" => Object(("Value", new OpenApiSchema { Type = JsonSchemaType.Boolean })),
            "NumericField" => Object(("Value", new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null })),
            "DateTimeField" => Object(("Value", new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time" })),
            "TaxonomyField" => Object(("TaxonomyContentItemId", Text()), ("TermContentItemIds", Array(Id()))),
            "MediaField" => Object(("Paths", Array(Id("A media path, such as 2024/11/koursk.jpg."))), ("MediaTexts", Array(Id()))),
            "ContentPickerField" => Object(("ContentItemIds", Array(Id()))),
            _ => new OpenApiSchema { Type = JsonSchemaType.Object },
        };
        var notes = new List<string> { $"{field.DisplayName} ({field.FieldName})" };
        if (field.Role is { } role) notes.Add($"role: {role}");
        if (field.Required) notes.Add("required");
        schema.Description = string.Join("; ", notes) + ".";
        return schema;
    }

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    private static OpenApiSchema Text(string? description = null) => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };

    private static OpenApiSchema Id(string? description = null) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Array(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();
}

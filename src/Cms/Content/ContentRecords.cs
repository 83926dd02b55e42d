using System.Text.Json.Nodes;
using Cms.Content.Definitions;
using Cms.Data;

namespace Cms.Content;

/// <summary>Projects a content item onto its stored row: the JSON document and the index columns derived from it.</summary>
public static class ContentRecords
{
    public static ContentItem ToItem(ContentItemVersion record) => ContentItemJson.Parse(record.Json);

    public static ContentItemVersion NewRecord(ContentItem item, int number, ContentDefinitionSet definitions)
    {
        var record = new ContentItemVersion
        {
            ContentItemId = item.ContentItemId,
            ContentItemVersionId = item.ContentItemVersionId,
            ContentType = item.ContentType,
            Status = item.Status,
            Json = "",
            Number = number,
        };
        Project(record, item, definitions);
        return record;
    }

    /// <summary>Rewrites a tracked row from the item (flags, dates, document, terms).</summary>
    public static void Update(ContentItemVersion record, ContentItem item, ContentDefinitionSet definitions)
    {
        Project(record, item, definitions);
        record.Revision++;
    }

    private static void Project(ContentItemVersion record, ContentItem item, ContentDefinitionSet definitions)
    {
        record.DisplayText = item.DisplayText;
        record.Latest = item.Latest;
        record.Published = item.Published;
        record.Status = item.Status;
        record.Owner = item.Owner;
        record.Author = item.Author;
        record.CreatedUtc = item.CreatedUtc;
        record.ModifiedUtc = item.ModifiedUtc;
        record.PublishedUtc = item.PublishedUtc;
        record.PublishAtUtc = item.PublishAtUtc;
        record.UpdatedUtc = Parts.Corrections.CorrectionsPart.DateModifiedUtc(item, definitions);
        record.Path = item.Part("AutoroutePart")?["Path"]?.GetValue<string>();
        record.Json = ContentItemJson.ToJson(item);

        var terms = TermsOf(item, definitions).ToList();
        record.Terms.RemoveAll(t => !terms.Contains((t.FieldName, t.TermContentItemId)));
        foreach (var (field, term) in terms)
        {
            if (!record.Terms.Any(t => t.FieldName == field && t.TermContentItemId == term))
            {
                record.Terms.Add(new ContentItemTerm { ContentItemId = item.ContentItemId, FieldName = field, TermContentItemId = term });
            }
        }
    }

    /// <summary>Every (part.field, term id) the item's TaxonomyFields point to.</summary>
    public static IEnumerable<(string Field, string Term)> TermsOf(ContentItem item, ContentDefinitionSet definitions)
    {
        var type = definitions.FindType(item.ContentType);
        if (type is null) yield break;
        foreach (var part in type.Parts)
        {
            foreach (var field in definitions.FieldsOf(part).Where(f => f.FieldName == "TaxonomyField"))
            {
                if (item.Part(part.Name)?[field.Name]?["TermContentItemIds"] is not JsonArray ids) continue;
                foreach (var id in ids)
                {
                    if (id is JsonValue v && v.TryGetValue<string>(out var term)) yield return ($"{part.Name}.{field.Name}", term);
                }
            }
        }
    }
}

using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Parts.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace Cms.Fields;

/// <summary>
/// TaxonomyField: <c>{"TaxonomyContentItemId": "…", "TermContentItemIds": ["…"]}</c>. The taxonomy comes from the
/// field's settings; <c>Unique</c> allows one term, <c>Required</c> at least one. Whether the terms exist is checked by
/// <see cref="TaxonomyFieldTermsHandler"/> when the version is written, under the taxonomy's lock.
/// </summary>
public sealed class TaxonomyFieldHandler : IContentFieldHandler
{
    public string FieldName => "TaxonomyField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        if (value is null && !field.Required) return ValueTask.CompletedTask;

        if (!JsonValues.TryGetStringArray(value?["TermContentItemIds"], out var termIds))
        {
            context.Errors.Add(path + ".TermContentItemIds", "TermContentItemIds must be an array of term ids.");
            return ValueTask.CompletedTask;
        }
        termIds = termIds.Distinct(StringComparer.Ordinal).ToList();
        if (field.Required && termIds.Count == 0)
        {
            context.Errors.Add(path + ".TermContentItemIds", $"{field.DisplayName} is required.");
            return ValueTask.CompletedTask;
        }
        if (field.Settings.Setting("TaxonomyFieldSettings", "Unique") == true && termIds.Count > 1)
        {
            context.Errors.Add(path + ".TermContentItemIds", $"{field.DisplayName} takes a single term.");
        }

        // Reached only with a value: a missing field either returned early or had no terms.
        value!["TaxonomyContentItemId"] = field.Settings.StringSetting("TaxonomyFieldSettings", "TaxonomyContentItemId");
        value["TermContentItemIds"] = JsonValues.ToArray(termIds);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Checks, as a version is created, updated or published, that every term its TaxonomyFields name is a term of the
/// taxonomy as it is now. It holds the taxonomy's shared lock until the commit, and category changes hold it
/// exclusively, so a category cannot be deleted between this check and the commit.
/// </summary>
public sealed class TaxonomyFieldTermsHandler(TaxonomyCache taxonomies, DatabaseDialect dialect) : ContentHandler
{
    // The taxonomies read under their shared lock in the current transaction: until it ends, only this transaction could
    // change them (and then it goes through the lifecycle, whose after-events below forget the copy). A batch of items
    // (an import) reads each taxonomy once instead of twice per item and field.
    private readonly Dictionary<string, (object Transaction, Taxonomy Taxonomy)> _locked = new(StringComparer.Ordinal);

    public override Task CreatingAsync(ContentContext context) => CheckAsync(context);

    public override Task UpdatingAsync(ContentContext context) => CheckAsync(context);

    public override Task PublishingAsync(ContentContext context) => CheckAsync(context);

    public override Task CreatedAsync(ContentContext context) => Forget(context);

    public override Task UpdatedAsync(ContentContext context) => Forget(context);

    public override Task PublishedAsync(ContentContext context) => Forget(context);

    public override Task UnpublishedAsync(ContentContext context) => Forget(context);

    public override Task RemovedAsync(ContentContext context) => Forget(context);

    private Task Forget(ContentContext context)
    {
        _locked.Remove(context.Item.ContentItemId);
        return Task.CompletedTask;
    }

    private async Task<Taxonomy?> LockedAsync(ContentContext context, string taxonomyId)
    {
        var transaction = context.Db.Database.CurrentTransaction;
        if (transaction is not null && _locked.TryGetValue(taxonomyId, out var held) && ReferenceEquals(held.Transaction, transaction)) return held.Taxonomy;
        await dialect.LockAsync(context.Db, TaxonomyLocks.KeyOf(taxonomyId), exclusive: false);
        var taxonomy = await taxonomies.GetCurrentAsync(context.Db, taxonomyId);
        if (transaction is not null && taxonomy is not null) _locked[taxonomyId] = (transaction, taxonomy);
        else _locked.Remove(taxonomyId);
        return taxonomy;
    }

    private async Task CheckAsync(ContentContext context)
    {
        foreach (var part in context.Type.Parts)
        {
            foreach (var field in context.Definitions.FieldsOf(part).Where(f => f.FieldName == "TaxonomyField"))
            {
                if (!JsonValues.TryGetStringArray(context.Item.Part(part.Name)?[field.Name]?["TermContentItemIds"], out var ids) || ids.Count == 0) continue;
                var path = $"{part.Name}.{field.Name}";
                var taxonomyId = field.Settings.StringSetting("TaxonomyFieldSettings", "TaxonomyContentItemId");
                var taxonomy = taxonomyId is null ? null : await LockedAsync(context, taxonomyId);
                if (taxonomy is null)
                {
                    context.Errors.Add(path + ".TaxonomyContentItemId", $"The taxonomy of {field.DisplayName} does not exist.");
                    continue;
                }
                foreach (var unknown in ids.Where(id => taxonomy.FindTerm(id) is null))
                {
                    context.Errors.Add(path + ".TermContentItemIds", $"'{unknown}' is not a term of {taxonomy.Name ?? "the taxonomy"}.");
                }
            }
        }
    }
}

/// <summary>MediaField: <c>{"Paths": ["2024/11/koursk.jpg"], "MediaTexts": ["…"]}</c>; paths stay inside the media library.</summary>
public sealed class MediaFieldHandler : IContentFieldHandler
{
    public string FieldName => "MediaField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        if (!JsonValues.TryGetStringArray(value?["Paths"], out var paths))
        {
            context.Errors.Add(path + ".Paths", "Paths must be an array of media paths.");
            return ValueTask.CompletedTask;
        }
        if (!JsonValues.TryGetStringArray(value?["MediaTexts"], out _))
        {
            context.Errors.Add(path + ".MediaTexts", "MediaTexts must be an array of strings.");
        }
        if (field.Required && paths.Count == 0) context.Errors.Add(path + ".Paths", $"{field.DisplayName} is required.");
        if (field.Settings.Setting("MediaFieldSettings", "Multiple") == false && paths.Count > 1)
        {
            context.Errors.Add(path + ".Paths", $"{field.DisplayName} takes a single media item.");
        }
        foreach (var media in paths)
        {
            if (media.Length == 0 || media.Length > 1024 || media.Contains("..") || media.Contains('\\') || media.Contains("://")
                || media.Any(char.IsControl))
            {
                context.Errors.Add(path + ".Paths", $"'{media}' is not a path inside the media library.");
            }
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>ContentPickerField: <c>{"ContentItemIds": ["…"]}</c>; each id must be an existing item.</summary>
public sealed class ContentPickerFieldHandler(CmsDbContext db) : IContentFieldHandler
{
    public string FieldName => "ContentPickerField";

    public async ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        if (!JsonValues.TryGetStringArray(value?["ContentItemIds"], out var ids))
        {
            context.Errors.Add(path + ".ContentItemIds", "ContentItemIds must be an array of content item ids.");
            return;
        }
        if (field.Required && ids.Count == 0)
        {
            context.Errors.Add(path + ".ContentItemIds", $"{field.DisplayName} is required.");
            return;
        }
        if (ids.Count == 0) return;
        var found = await db.ContentItemVersions.Where(v => ids.Contains(v.ContentItemId) && v.Latest).Select(v => v.ContentItemId).ToListAsync();
        foreach (var missing in ids.Except(found))
        {
            context.Errors.Add(path + ".ContentItemIds", $"There is no content item '{missing}'.");
        }
    }
}

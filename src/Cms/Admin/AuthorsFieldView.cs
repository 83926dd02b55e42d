using System.Text.Json.Nodes;
using Cms.Content;

namespace Cms.Admin;

/// <summary>What <c>_AuthorsField.cshtml</c> shows: the field, the item's chosen users, and the user to preselect on a new item.</summary>
public sealed record AuthorsFieldView(EditorField Field, ContentItem? Item, string? CurrentUserId)
{
    public IReadOnlyList<string> DisplayedRoles =>
        (Field.Definition.Settings["UserPickerFieldSettings"]?["DisplayedRoles"] as JsonArray ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();

    /// <summary>The users chosen; on a new item, the person writing it.</summary>
    public IReadOnlyList<string> Selected
    {
        get
        {
            var chosen = ContentForm.List(Item, Field.Key, "UserIds");
            return chosen.Count == 0 && string.IsNullOrEmpty(Item?.ContentItemId) && CurrentUserId is not null ? [CurrentUserId] : chosen;
        }
    }
}

namespace Cms.Admin.Pages.Articles;

/// <summary>What the editor's partial <c>_Field</c> needs to draw one field's input.</summary>
public sealed record FieldView(EditorField Field, Cms.Content.ContentItem? Item, IReadOnlyList<string> Errors, bool CanCreateTerms, bool IsStandfirst, bool IsLeadImage, string? CurrentUserId = null);

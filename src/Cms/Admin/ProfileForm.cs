using Cms.Authors;
using Cms.Content;

namespace Cms.Admin;

/// <summary>
/// The public profile form (name, bio, photo, page address) as one user's profile page and the Users page draw it: the
/// values shown (what was typed, when a save was refused) and the refusal's messages in French, field by field.
/// </summary>
public sealed record ProfileForm(string IdPrefix, string UserName, string? DisplayName, string? Bio, string? Photo, string? Slug,
    string? SavedSlug, IReadOnlyDictionary<string, string[]> Errors)
{
    public const string BioField = "bio";

    public static ProfileForm Of(string idPrefix, AuthorProfile profile) =>
        new(idPrefix, profile.UserName, profile.DisplayName, profile.Bio, profile.Photo, profile.Slug, profile.Slug, new Dictionary<string, string[]>());

    /// <summary>The form as it was posted, with the service's refusal: nothing typed is lost.</summary>
    public static ProfileForm Refused(string idPrefix, AuthorProfile saved, ProfileChange typed, Refusal refusal) =>
        new(idPrefix, saved.UserName, typed.DisplayName, typed.Bio, typed.Photo, typed.Slug, saved.Slug,
            refusal.Errors is { } errors ? FieldMessages.InFrench(errors) : new Dictionary<string, string[]> { [""] = [refusal.Detail] });

    public string Id(string field) => $"{IdPrefix}-{field}";

    public IEnumerable<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>The <c>aria-describedby</c> of a field: its hint and, when refused, its messages.</summary>
    public string DescribedBy(string field, bool hasHint = false) =>
        string.Join(' ', new[] { hasHint ? Id(field) + "-hint" : null, Errors.ContainsKey(field) ? Id(field) + "-error" : null }.OfType<string>());
}

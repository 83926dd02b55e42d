using System.Text.Json.Nodes;
using Cms.Authors;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Admin;

/// <summary>
/// A diff's user picker fields (the authors) as people read them: the users' display names instead of their ids, looked up
/// once for every diff of the page. The field's <c>UserNames</c> (sign-in names, kept in step with the ids) is left out: the
/// ids' line already says who changed.
/// </summary>
public sealed class DiffUserNames(AuthorProfiles profiles, ContentDefinitionStore definitions)
{
    public async Task<IReadOnlyList<ContentDiff?>> ShowAsync(string contentType, params ContentDiff?[] diffs)
    {
        var pickers = PickerPaths(contentType);
        if (pickers.Count == 0) return diffs;
        var found = await PeopleAsync(diffs.OfType<ContentDiff>().SelectMany(d => d.Changes).Where(c => IsMember(c.Path, "UserIds", pickers))
            .SelectMany(c => new[] { c.From, c.To }));
        return diffs.Select(diff => diff is null ? null : diff with
        {
            Changes = diff.Changes.Where(c => !IsMember(c.Path, "UserNames", pickers))
                .Select(c => IsMember(c.Path, "UserIds", pickers) ? c with { From = Names(c.From, found), To = Names(c.To, found) } : c)
                .ToList(),
        }).ToList();
    }

    /// <summary>
    /// The people behind some lists of user ids (picker fields' <c>UserIds</c>), in one lookup, for <see cref="Names"/>: for pages that
    /// compare values rather than <see cref="ContentDiff"/>s (the autosave offer).
    /// </summary>
    public Task<IReadOnlyDictionary<string, AuthorProfile>> PeopleAsync(IEnumerable<JsonNode?> idLists) =>
        profiles.FindAsync(idLists.SelectMany(Ids).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>"Article.Authors" for each user picker field of the type.</summary>
    private HashSet<string> PickerPaths(string contentType)
    {
        var set = definitions.Current;
        var type = set.FindType(contentType);
        return type is null ? [] : type.Parts.SelectMany(p => set.FieldsOf(p).Where(f => f.FieldName == "UserPickerField").Select(f => $"{p.Name}.{f.Name}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="member"/> of one of the picker fields ("Article.Authors.UserIds").</summary>
    private static bool IsMember(string path, string member, HashSet<string> pickers) =>
        path.EndsWith("." + member, StringComparison.Ordinal) && pickers.Contains(path[..^(member.Length + 1)]);

    private static IEnumerable<string> Ids(JsonNode? value) =>
        value is JsonArray array ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];

    /// <summary>The names, in the field's order; a user who no longer exists keeps their id, so that nothing silently disappears.</summary>
    public static JsonNode? Names(JsonNode? value, IReadOnlyDictionary<string, AuthorProfile> found) =>
        value is null ? null : new JsonArray(Ids(value).Select(id => (JsonNode?)JsonValue.Create(found.GetValueOrDefault(id)?.DisplayName ?? id)).ToArray());
}

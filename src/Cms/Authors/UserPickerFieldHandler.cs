using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Security;
using Microsoft.EntityFrameworkCore;

namespace Cms.Authors;

/// <summary>UserPickerField, in Orchard Core's shape: <c>{"UserIds": ["…"], "UserNames": ["…"]}</c>; its shape is checked here.</summary>
public sealed class UserPickerFieldHandler : IContentFieldHandler
{
    public const int MaxUsers = 20;

    public string FieldName => "UserPickerField";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentPartFieldDefinition field, JsonObject? value, string path)
    {
        if (!JsonValues.TryGetStringArray(value?["UserIds"], out var ids)) context.Errors.Add(path + ".UserIds", "UserIds must be an array of user ids.");
        else if (ids.Distinct(StringComparer.Ordinal).Count() > MaxUsers) context.Errors.Add(path + ".UserIds", $"At most {MaxUsers} users.");
        else if (field.Required && ids.Count == 0) context.Errors.Add(path + ".UserIds", $"{field.DisplayName} is required.");
        else if (value is not null) value["UserIds"] = JsonValues.ToArray(ids.Distinct(StringComparer.Ordinal));
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The users an item's UserPickerFields name, checked as a version is written. For a person or a client, an unknown user is
/// refused, naming the field; an import or a recipe brings no users (an export carries none), so its ids are kept as given.
/// <c>UserNames</c> is rewritten from the users table, whatever was sent. A new item written by a person that names no
/// author (no user in the Authors role, no contributor) gets its writer as author: the newsroom's default.
/// </summary>
public sealed class UserPickerFieldUsersHandler : ContentHandler
{
    // The users found in the current transaction, by id: a batch of items (an import, whose posts share a few authors)
    // asks once per author instead of once per item. A user renamed meanwhile reads as for a save that began earlier.
    private object? _transaction;
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);

    public override Task CreatingAsync(ContentContext context)
    {
        DefaultAuthor(context);
        return CheckUsersAsync(context);
    }

    public override Task UpdatingAsync(ContentContext context) => CheckUsersAsync(context);

    private static bool Brought(Actor actor) => actor.Source is ChangeSources.Import or ChangeSources.Recipe;

    private static void DefaultAuthor(ContentContext context)
    {
        var actor = context.Actor;
        if (actor.UserId is null || Brought(actor)) return;
        var authors = context.Definitions.Role(context.Type.Name, FieldRoles.Authors);
        if (authors is null || authors.UsersIn(context.Item).Any() || context.Definitions.Text(context.Item, FieldRoles.Contributors) is not null) return;
        context.Item.GetOrCreatePart(authors.PartName)[authors.Field.Name] = new JsonObject { ["UserIds"] = new JsonArray(actor.UserId) };
    }

    private async Task CheckUsersAsync(ContentContext context)
    {
        foreach (var part in context.Type.Parts)
        {
            foreach (var field in context.Definitions.FieldsOf(part).Where(f => f.FieldName == "UserPickerField"))
            {
                if (context.Item.Part(part.Name)?[field.Name] is not JsonObject value) continue;
                JsonValues.TryGetStringArray(value["UserIds"], out var ids);
                await ReadNamesAsync(context, ids);
                var unknown = ids.Where(id => !_names.ContainsKey(id)).ToList();
                if (unknown.Count > 0 && !Brought(context.Actor))
                {
                    foreach (var id in unknown) context.Errors.Add($"{part.Name}.{field.Name}.UserIds", $"There is no user '{id}'.");
                    continue;
                }
                // An import keeps the ids it names with the names it gives (an exported site run elsewhere reads back the
                // same); the site shows only users that exist.
                JsonValues.TryGetStringArray(value["UserNames"], out var given);
                var names = ids.Select((id, i) => _names.GetValueOrDefault(id) ?? (i < given.Count ? given[i] : "")).ToList();
                value["UserNames"] = JsonValues.ToArray(names);
            }
        }
    }

    /// <summary>Adds to <c>_names</c> the users among <paramref name="ids"/> it does not hold yet (an id not found stays out).</summary>
    private async Task ReadNamesAsync(ContentContext context, List<string> ids)
    {
        var transaction = context.Db.Database.CurrentTransaction;
        if (transaction is null || !ReferenceEquals(transaction, _transaction))
        {
            _names.Clear();
            _transaction = transaction;
        }
        var missing = ids.Where(id => !_names.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        var found = await context.Db.Users.AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync();
        foreach (var user in found) _names[user.Id] = user.UserName;
    }
}

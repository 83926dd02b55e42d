using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Content;
using Cms.Content.Definitions;

namespace Cms.Parts.Autoroute;

/// <summary>
/// AutoroutePart: <c>{"Path": "…"}</c>. An empty path is made from the title; a custom path is kept when the
/// type allows it. Once an item has a path, a new version without one keeps it, so published links never break.
/// Uniqueness across items is settled when the version is stored (<see cref="AutoroutePathClaims"/>).
/// </summary>
public sealed partial class AutoroutePartHandler : IContentPartHandler
{
    public string PartName => "AutoroutePart";

    public ValueTask ValidateAsync(ContentValidationContext context, ContentTypePartDefinition part, JsonObject value)
    {
        var errorPath = part.Name + ".Path";
        if (!JsonValues.TryGetString(value["Path"], out var path))
        {
            context.Errors.Add(errorPath, "The path must be a string.");
            return ValueTask.CompletedTask;
        }

        path = path?.Trim().Trim('/');
        var allowCustom = part.Settings.Setting("AutoroutePartSettings", "AllowCustomPath") ?? true;
        var previousPath = context.Previous?.Part(part.Name)?["Path"]?.GetValue<string>();

        if (!string.IsNullOrEmpty(path) && path != previousPath && !allowCustom)
        {
            context.Errors.Add(errorPath, $"The type '{context.Type.Name}' does not allow custom paths.");
            return ValueTask.CompletedTask;
        }
        if (string.IsNullOrEmpty(path)) path = previousPath;
        if (string.IsNullOrEmpty(path)) path = Slug.From(context.Item.DisplayText);
        if (string.IsNullOrEmpty(path))
        {
            context.Errors.Add(errorPath, "A path is needed: give one, or a title to make it from.");
            return ValueTask.CompletedTask;
        }
        if (path.Length > 1000 || !ValidPath().IsMatch(path))
        {
            context.Errors.Add(errorPath, "A path is made of lower-case letters, digits and hyphens, in segments separated by '/'.");
            return ValueTask.CompletedTask;
        }
        value["Path"] = path;
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")]
    private static partial Regex ValidPath();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Content;

namespace Cms.Recipes;

/// <summary>
/// The part of Orchard's <c>[js: …]</c> recipe scripting that recipes use for data: <c>uuid()</c>,
/// <c>variables('name')</c>, <c>parameters('name')</c> and <c>configuration('key', 'default')</c>.
/// Anything else is refused by name rather than silently kept as text.
/// </summary>
public sealed partial class RecipeExpressions(IReadOnlyDictionary<string, string?> parameters, IConfiguration configuration)
{
    private readonly Dictionary<string, JsonNode?> _variables = new(StringComparer.Ordinal);

    /// <summary>Evaluates the recipe's <c>variables</c> once, as Orchard does, then replaces every expression in the steps.</summary>
    public void DefineVariables(JsonObject? variables)
    {
        if (variables is null) return;
        foreach (var (name, value) in variables)
        {
            _variables[name] = value is JsonValue v && v.TryGetValue<string>(out var s) ? Evaluate(s, $"variables.{name}") : value?.DeepClone();
        }
    }

    public void ReplaceIn(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && IsExpression(s)) obj[name] = Evaluate(s, $"{where}.{name}");
                    else ReplaceIn(value, $"{where}.{name}");
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var s) && IsExpression(s)) array[i] = Evaluate(s, $"{where}[{i}]");
                    else ReplaceIn(array[i], $"{where}[{i}]");
                }
                break;
        }
    }

    private static bool IsExpression(string text) => text.StartsWith("[js:", StringComparison.Ordinal) && text.EndsWith(']');

    private JsonNode? Evaluate(string text, string where)
    {
        if (!IsExpression(text)) return JsonValue.Create(text);
        var script = text[4..^1].Trim();
        var call = Call().Match(script);
        if (!call.Success) throw new RecipeException($"{where}: unsupported expression '{text}'.");
        var args = call.Groups["args"].Captures.Select(c => c.Value).ToArray();
        return call.Groups["fn"].Value switch
        {
            "uuid" when args.Length == 0 => JsonValue.Create(IdGenerator.NewId()),
            "variables" when args.Length == 1 => _variables.TryGetValue(args[0], out var value)
                ? value?.DeepClone()
                : throw new RecipeException($"{where}: the variable '{args[0]}' is not defined."),
            "parameters" when args.Length == 1 => parameters.TryGetValue(args[0], out var p)
                ? JsonValue.Create(p)
                : throw new RecipeException($"{where}: the parameter '{args[0]}' is not known."),
            "configuration" when args.Length is 1 or 2 => JsonValue.Create(configuration[args[0].Replace('_', ':')] ?? (args.Length == 2 ? args[1] : null)),
            _ => throw new RecipeException($"{where}: unsupported expression '{text}'."),
        };
    }

    [GeneratedRegex("""^(?<fn>[a-zA-Z]+)\(\s*(?:'(?<args>[^']*)'\s*(?:,\s*'(?<args>[^']*)'\s*)*)?\)$""")]
    private static partial Regex Call();
}

namespace Cms.Content;

/// <summary>Field-level validation messages collected while checking an item, keyed by JSON path.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Refusal ToRefusal() =>
        Refusal.Invalid(string.Join(" ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), ToDictionary());
}

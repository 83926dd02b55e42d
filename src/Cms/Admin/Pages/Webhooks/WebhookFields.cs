using Cms.Content.Definitions;
using Cms.Webhooks;

namespace Cms.Admin.Pages.Webhooks;

/// <summary>What the subscription fields show: the values (as sent, or as stored), the choices, and the errors by field.</summary>
public sealed record WebhookFields(string Prefix, string? Url, IReadOnlyList<string> Events, IReadOnlyList<string> ContentTypes,
    IReadOnlyList<string> ExcludedSources, IReadOnlyList<ContentTypeDefinition> AvailableTypes, IReadOnlyDictionary<string, string[]> Errors)
{
    public IEnumerable<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];

    public static WebhookFields Of(string prefix, WebhookView view, IReadOnlyList<ContentTypeDefinition> types) =>
        new(prefix, view.Url, view.Events, view.ContentTypes, view.ExcludedSources, types, new Dictionary<string, string[]>());

    /// <summary>The form as posted: a failed save shows what was typed, not what is stored.</summary>
    public static WebhookFields Posted(string prefix, WebhookInput input, IReadOnlyList<ContentTypeDefinition> types, IReadOnlyDictionary<string, string[]> errors) =>
        new(prefix, input.Url, input.Events ?? [], input.ContentTypes ?? [], input.ExcludedSources ?? [], types, errors);

    /// <summary>What the form posted, as the service reads it: an empty secret box means "generate one".</summary>
    public static WebhookInput Read(string? url, string[] events, string[] contentTypes, string[] excludedSources, string? secret = null, bool? enabled = null) => new()
    {
        Url = url?.Trim() ?? "",
        Events = Filled(events),
        ContentTypes = Filled(contentTypes),
        ExcludedSources = Filled(excludedSources),
        Secret = string.IsNullOrWhiteSpace(secret) ? null : secret.Trim(),
        Enabled = enabled,
    };

    /// <summary>A form's list without its blank entries (model binding makes null of a blank one).</summary>
    private static string[] Filled(string[]? values) => (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToArray();

    /// <summary>Every type of the definitions, by display name: a subscription may follow taxonomies or pages as well as articles.</summary>
    public static IReadOnlyList<ContentTypeDefinition> TypesOf(ContentDefinitionStore definitions) =>
        definitions.Current.Types.Values.OrderBy(t => t.DisplayName, StringComparer.CurrentCulture).ToList();
}

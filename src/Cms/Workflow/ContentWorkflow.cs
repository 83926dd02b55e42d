using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cms.Security;

namespace Cms.Workflow;

/// <summary>
/// What a state means to the CMS, whatever the newsroom calls it: the scheduler, readers' visibility, the admin's
/// queues and imports rely on the kind, never on the name.
/// </summary>
public enum StateKind
{
    /// <summary>Being written; its owner may edit it (the first draft state is where new items start).</summary>
    Draft,

    /// <summary>Waiting for someone (review, copy desk, legal check).</summary>
    Review,

    /// <summary>Waiting for its publication time (<c>PublishAtUtc</c>); the scheduler publishes it.</summary>
    Scheduled,

    /// <summary>What readers see (there is exactly one such state).</summary>
    Published,
}

/// <summary>A state of a type's workflow: its name (the item's <c>Status</c>), its kind, its label, and whether it keeps the author out.</summary>
public sealed record WorkflowState(string Name, StateKind Kind, string Label, bool LocksAuthor);

/// <summary>Which version a transition moves: the latest one, or the one readers see (unpublishing).</summary>
public enum TransitionTarget
{
    LatestVersion,
    PublishedVersion,
}

/// <summary>
/// One step of a workflow, as data: the states it leaves, the state it reaches, the permission it needs, what the caller
/// must say. A new step ("Relecture", "Validation juridique") is a recipe change, not new code.
/// </summary>
public sealed record WorkflowTransition(
    string Name,
    string Label,
    string AuditAction,
    IReadOnlySet<string> From,
    string To,
    string Permission,
    TransitionTarget Target = TransitionTarget.LatestVersion,
    bool RequiresComment = false)
{
    /// <summary>Set when the transition reaches a scheduled state: the caller must give the time.</summary>
    public bool RequiresPublishAt { get; init; }
}

/// <summary>
/// A content type's states and transitions, read from its definition (<c>Settings.WorkflowSettings</c>), or the
/// newsroom default (Draft → InReview → Scheduled / Published) when the type sets none.
/// </summary>
public sealed partial class ContentWorkflow
{
    /// <summary>Names a transition may not take: they are other routes of an item (<c>/api/content/{id}/history</c>…).</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "history", "diff", "preview-links", "versions", "autosave", "presence", "corrections",
    };

    private readonly Dictionary<string, WorkflowState> _states;
    private readonly Dictionary<string, WorkflowTransition> _transitions;

    public ContentWorkflow(IReadOnlyList<WorkflowState> states, IReadOnlyList<WorkflowTransition> transitions)
    {
        States = states;
        Transitions = transitions;
        _states = states.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _transitions = transitions.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        Initial = states.First(s => s.Kind == StateKind.Draft);
        Published = states.Single(s => s.Kind == StateKind.Published);
    }

    public IReadOnlyList<WorkflowState> States { get; }
    public IReadOnlyList<WorkflowTransition> Transitions { get; }

    /// <summary>Where new items start, and where an edited published item's new draft stands.</summary>
    public WorkflowState Initial { get; }

    public WorkflowState Published { get; }

    public WorkflowState? State(string? name) => name is not null && _states.TryGetValue(name, out var state) ? state : null;

    public WorkflowTransition? Transition(string? name) => name is null ? null : _transitions.GetValueOrDefault(name);

    /// <summary>The kind of a state name; an unknown name (a state a recipe since removed) counts as a draft.</summary>
    public StateKind KindOf(string? name) => State(name)?.Kind ?? StateKind.Draft;

    /// <summary>The transition the scheduler takes from a scheduled state to publication.</summary>
    public WorkflowTransition? PublicationFrom(string state) =>
        Transitions.FirstOrDefault(t => t.Target == TransitionTarget.LatestVersion && t.To == Published.Name && t.From.Contains(state));

    /// <summary>The newsroom's default: Draft → InReview (submit) → Draft (reject) / Scheduled / Published; Published → Draft (unpublish).</summary>
    public static ContentWorkflow Default { get; } = new(
        [
            new("Draft", StateKind.Draft, "Brouillon", LocksAuthor: false),
            new("InReview", StateKind.Review, "En relecture", LocksAuthor: true),
            new("Scheduled", StateKind.Scheduled, "Programmé", LocksAuthor: true),
            new("Published", StateKind.Published, "Publié", LocksAuthor: false),
        ],
        [
            new("submit", "Soumettre pour relecture", "Submitted", Set("Draft"), "InReview", Permissions.SubmitForReview),
            new("reject", "Rejeter", "Rejected", Set("InReview", "Scheduled"), "Draft", Permissions.PublishContent, RequiresComment: true),
            new("publish", "Publier", "Published", Set("Draft", "InReview", "Scheduled"), "Published", Permissions.PublishContent),
            new("schedule", "Programmer", "Scheduled", Set("Draft", "InReview"), "Scheduled", Permissions.PublishContent) { RequiresPublishAt = true },
            new("unpublish", "Dépublier", "Unpublished", Set("Published"), "Draft", Permissions.PublishContent, TransitionTarget.PublishedVersion),
        ]);

    /// <summary>
    /// Reads <c>WorkflowSettings</c> (<c>{"States": [{"Name","Kind","Label","LocksAuthor"}], "Transitions": [{"Name","Label",
    /// "From": [...], "To", "Permission", "RequiresComment", "OnPublishedVersion", "AuditAction"}]}</c>); null when absent.
    /// Every fault is named, with where it is.
    /// </summary>
    public static (ContentWorkflow? Workflow, IReadOnlyList<string> Errors) Read(JsonObject typeSettings, string where)
    {
        if (typeSettings["WorkflowSettings"] is not { } node) return (null, []);
        var errors = new List<string>();
        if (node is not JsonObject settings) return (null, [$"{where}: WorkflowSettings must be an object."]);

        var states = new List<WorkflowState>();
        foreach (var (stateNode, i) in Elements(settings["States"]))
        {
            var at = $"{where}, WorkflowSettings.States[{i}]";
            var name = Text(stateNode, "Name");
            if (name is null || !StateName().IsMatch(name)) { errors.Add($"{at}: a state needs a Name made of letters and digits."); continue; }
            if (!Enum.TryParse<StateKind>(Text(stateNode, "Kind"), ignoreCase: true, out var kind) || int.TryParse(Text(stateNode, "Kind"), out _))
            {
                errors.Add($"{at} '{name}': Kind is Draft, Review, Scheduled or Published.");
                continue;
            }
            if (states.Any(s => s.Name == name)) errors.Add($"{at}: the state '{name}' is defined twice.");
            states.Add(new WorkflowState(name, kind, Text(stateNode, "Label") ?? name, Flag(stateNode, "LocksAuthor") ?? kind is StateKind.Review or StateKind.Scheduled));
        }
        if (!states.Any(s => s.Kind == StateKind.Draft)) errors.Add($"{where}: WorkflowSettings needs at least one state of kind Draft.");
        if (states.Count(s => s.Kind == StateKind.Published) != 1) errors.Add($"{where}: WorkflowSettings needs exactly one state of kind Published.");

        var transitions = new List<WorkflowTransition>();
        foreach (var (transitionNode, i) in Elements(settings["Transitions"]))
        {
            var at = $"{where}, WorkflowSettings.Transitions[{i}]";
            var name = Text(transitionNode, "Name");
            if (name is null || !TransitionName().IsMatch(name)) { errors.Add($"{at}: a transition needs a Name of lower-case letters, digits and hyphens."); continue; }
            at += $" '{name}'";
            if (ReservedNames.Contains(name)) errors.Add($"{at}: the name is taken by another route of an item ({string.Join(", ", ReservedNames.Order())}).");
            if (transitions.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))) errors.Add($"{at}: defined twice.");
            var from = (transitionNode?["From"] as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList();
            var to = Text(transitionNode, "To");
            if (from.Count == 0) errors.Add($"{at}: From must list the states it leaves.");
            foreach (var unknown in from.Where(f => f is null || states.All(s => s.Name != f))) errors.Add($"{at}: From names an unknown state '{unknown}'.");
            var target = states.FirstOrDefault(s => s.Name == to);
            if (target is null) { errors.Add($"{at}: To names an unknown state '{to}'."); continue; }
            var permission = Text(transitionNode, "Permission") ?? Permissions.PublishContent;
            if (!Permissions.All.Contains(permission)) errors.Add($"{at}: unknown permission '{permission}'.");
            var onPublished = Flag(transitionNode, "OnPublishedVersion") ?? false;
            if (onPublished && (target.Kind == StateKind.Published || from.Any(f => states.FirstOrDefault(s => s.Name == f)?.Kind != StateKind.Published)))
            {
                errors.Add($"{at}: a transition on the published version leaves the Published state for another one.");
            }
            transitions.Add(new WorkflowTransition(name, Text(transitionNode, "Label") ?? name, Text(transitionNode, "AuditAction") ?? Capitalized(name),
                from.OfType<string>().ToHashSet(StringComparer.Ordinal), target.Name, permission,
                onPublished ? TransitionTarget.PublishedVersion : TransitionTarget.LatestVersion, Flag(transitionNode, "RequiresComment") ?? false)
            { RequiresPublishAt = target.Kind == StateKind.Scheduled });
        }
        if (errors.Count > 0) return (null, errors);
        return (new ContentWorkflow(states, transitions), []);
    }

    private static IReadOnlySet<string> Set(params string[] names) => new HashSet<string>(names, StringComparer.Ordinal);

    private static string Capitalized(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private static IEnumerable<(JsonNode? Node, int Index)> Elements(JsonNode? node) => node is JsonArray array ? array.Select((n, i) => (n, i)) : [];

    private static string? Text(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static bool? Flag(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,19}$")]
    private static partial Regex StateName();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex TransitionName();
}

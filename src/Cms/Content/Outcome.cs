namespace Cms.Content;

/// <summary>Why an action was refused. Every refusal maps to one problem-details status (see Api/Problems).</summary>
public enum RefusalKind
{
    Invalid,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    TooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    InsufficientStorage,
}

public sealed record Refusal(RefusalKind Kind, string Title, string Detail)
{
    /// <summary>Field-level messages, keyed by the JSON path of the value at fault.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Extra members of the problem details (the current state, the latest version id…).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>When the caller may try again (the <c>Retry-After</c> header of a 429).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Refusal Invalid(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(RefusalKind.Invalid, "The request is not valid.", detail) { Errors = errors };

    public static Refusal Unauthenticated() => new(RefusalKind.Unauthenticated, "Sign in first.", "This action needs a signed-in user.");

    public static Refusal Forbidden(string detail) => new(RefusalKind.Forbidden, "Not allowed.", detail);

    public static Refusal NotFound(string detail) => new(RefusalKind.NotFound, "Not found.", detail);

    public static Refusal Conflict(string detail) => new(RefusalKind.Conflict, "Conflict with the current state.", detail);

    public static Refusal TooManyRequests(string detail, TimeSpan retryAfter) =>
        new(RefusalKind.TooManyRequests, "Too many requests.", detail) { RetryAfter = retryAfter };
    public static Refusal InsufficientStorage(string detail) => new(RefusalKind.InsufficientStorage, "Insufficient Storage", detail);
}

/// <summary>The value an action produced, or the refusal that stopped it.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }
    public Refusal? Refusal { get; }
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}

namespace Cms.GraphQL;

/// <summary>The <c>Cms:GraphQL</c> section: the limits every GraphQL request is held to (page sizes are <c>Cms:Api:MaxPageSize</c>).</summary>
public sealed class GraphQLOptions
{
    public const string Section = "Cms:GraphQL";

    /// <summary>Deepest selection accepted: an item's picked items' picked items… stop here.</summary>
    public int MaxDepth { get; set; } = 10;

    /// <summary>
    /// Largest complexity accepted, as GraphQL.NET's analyzer counts it: every field costs 1, and what a list holds counts
    /// <c>first</c> times (5 times for lists without one, such as picked items).
    /// </summary>
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Longest query text accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 10_000;

    /// <summary>
    /// About how much memory the answers of anonymous reads kept for the next identical request may take, in megabytes;
    /// 0 keeps none (every request runs its query).
    /// </summary>
    public int AnswerCacheSizeMB { get; set; } = 16;
}

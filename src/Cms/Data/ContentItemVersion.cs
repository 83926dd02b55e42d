namespace Cms.Data;

/// <summary>
/// One stored version of a content item: the whole document in Orchard Core's JSON shape, plus the
/// columns that queries filter and sort on (a projection of the document, rewritten on every change).
/// </summary>
public sealed class ContentItemVersion
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    public required string ContentItemVersionId { get; set; }
    public required string ContentType { get; set; }
    public string? DisplayText { get; set; }
    public bool Latest { get; set; }
    public bool Published { get; set; }
    public required string Status { get; set; }
    public string? Owner { get; set; }
    public string? Author { get; set; }
    public DateTime? CreatedUtc { get; set; }
    public DateTime? ModifiedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }
    public DateTime? PublishAtUtc { get; set; }

    /// <summary>
    /// When readers were last told the item changed (the JSON-LD's dateModified, the sitemap's lastmod): see
    /// <see cref="Parts.Corrections.CorrectionsPart.DateModifiedUtc"/>. Null for rows written before this column, which
    /// fall back to <see cref="ModifiedUtc"/> as before.
    /// </summary>
    public DateTime? UpdatedUtc { get; set; }
    public string? Path { get; set; }
    public int Number { get; set; }
    public required string Json { get; set; }

    /// <summary>Bumped on every change of the row; a concurrency token, so two writers cannot both move the same version.</summary>
    public int Revision { get; set; }

    public List<ContentItemTerm> Terms { get; set; } = [];
}

/// <summary>A taxonomy term a version points to through one of its TaxonomyFields.</summary>
public sealed class ContentItemTerm
{
    public long Id { get; set; }
    public long ContentItemVersionId { get; set; }
    public required string ContentItemId { get; set; }
    public required string FieldName { get; set; }
    public required string TermContentItemId { get; set; }
}

/// <summary>Who did what to which version, and when: one row per save and per workflow transition.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    public string? ContentItemVersionId { get; set; }
    public required string Action { get; set; }
    public string? FromStatus { get; set; }
    public string? ToStatus { get; set; }
    public string? Comment { get; set; }
    public string? UserName { get; set; }
    public DateTime Utc { get; set; }
}

/// <summary>A path claimed by an item; the primary key keeps paths unique across every web node.</summary>
public sealed class AutoroutePath
{
    public required string Path { get; set; }
    public required string ContentItemId { get; set; }
}

/// <summary>A named JSON document (content definitions, recipe history), as Orchard keeps its settings.</summary>
public sealed class StoredDocument
{
    public required string Name { get; set; }
    public required string Json { get; set; }
    public DateTime ModifiedUtc { get; set; }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cms.Import;

/// <summary>What happened to the items of one kind.</summary>
public sealed class KindCounts
{
    /// <summary>New here.</summary>
    public int Imported { get; set; }
    /// <summary>Changed in the export since the last import: a new version (audit "Imported").</summary>
    public int Updated { get; set; }
    /// <summary>Already imported, the same in the export: nothing written.</summary>
    public int Unchanged { get; set; }
    /// <summary>Changed in the export, but edited here since its last import: left alone (<c>--overwrite</c> replaces it).</summary>
    public int Kept { get; set; }
    /// <summary>Not imported: see <see cref="ImportReport.Skipped"/> for the reasons.</summary>
    public int Skipped { get; set; }
}

/// <summary>One item the report names, with why.</summary>
public sealed record ReportLine(string Kind, string Id, string? Title, string Reason);

/// <summary>
/// What an import did, as the command writes it (<c>--report file.json</c>) and the admin shows it: counts per kind,
/// what was skipped and why, files the uploads folder lacked, shortcodes left as text, and what the newsroom's
/// editorial checks would flag (they do not block an import).
/// </summary>
public sealed class ImportReport
{
    public string? Site { get; set; }
    public string? WxrVersion { get; set; }
    public bool DryRun { get; set; }
    /// <summary>The items in the export (posts, pages, attachments, menu items…).</summary>
    public int Items { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    public SortedDictionary<string, KindCounts> Counts { get; } = new(StringComparer.Ordinal);
    public List<ReportLine> Skipped { get; } = [];
    public List<ReportLine> Kept { get; } = [];
    public List<ReportLine> Notes { get; } = [];
    public List<ReportLine> EditorialWarnings { get; } = [];
    public List<string> MissingFiles { get; } = [];
    public SortedDictionary<string, int> UnknownShortcodes { get; } = new(StringComparer.Ordinal);
    /// <summary>Items left out by design: comments, menu items, other post types, counted by kind.</summary>
    public SortedDictionary<string, int> NotImported { get; } = new(StringComparer.Ordinal);
    public int Embeds { get; set; }

    public KindCounts Of(string kind)
    {
        if (!Counts.TryGetValue(kind, out var counts)) Counts[kind] = counts = new KindCounts();
        return counts;
    }

    public void Skip(string kind, object id, string? title, string reason)
    {
        Of(kind).Skipped++;
        Skipped.Add(new ReportLine(kind, id.ToString()!, title, reason));
    }

    public void Note(string kind, object id, string? title, string text) => Notes.Add(new ReportLine(kind, id.ToString()!, title, text));

    public void NotImportedOne(string what, int count = 1)
    {
        if (count > 0) NotImported[what] = NotImported.GetValueOrDefault(what) + count;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The report's lists are read-only properties: read back (the admin shows a run's report), they are filled.
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A few lines for a terminal.</summary>
    public IEnumerable<string> Summary()
    {
        yield return $"{(DryRun ? "Dry run of the import" : "Imported")} {Site} (WXR {WxrVersion}):";
        foreach (var (kind, c) in Counts)
        {
            yield return $"  {kind,-11} {c.Imported} imported, {c.Updated} updated, {c.Unchanged} unchanged, {c.Kept} kept (edited here), {c.Skipped} skipped";
        }
        if (NotImported.Count > 0) yield return $"  not imported: {string.Join(", ", NotImported.Select(n => $"{n.Value} {n.Key}"))}";
        if (MissingFiles.Count > 0) yield return $"  {MissingFiles.Count} file(s) missing from the uploads folder";
        if (UnknownShortcodes.Count > 0) yield return $"  shortcodes left as text: {string.Join(", ", UnknownShortcodes.Select(s => $"[{s.Key}] ×{s.Value}"))}";
        if (EditorialWarnings.Count > 0) yield return $"  {EditorialWarnings.Count} editorial warning(s)";
        foreach (var line in Skipped.Take(20)) yield return $"  skipped {line.Kind} {line.Id} {line.Title}: {line.Reason}";
        if (Skipped.Count > 20) yield return $"  … and {Skipped.Count - 20} more skipped (see the report)";
    }
}

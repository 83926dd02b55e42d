namespace Cms.Import;

/// <summary>The <c>Cms:Import</c> section: imports from other systems (WordPress), from the command line and the admin.</summary>
public sealed class ImportOptions
{
    public const string Section = "Cms:Import";

    /// <summary>
    /// Items written per transaction. A run killed halfway loses at most one batch (started again, it finishes without
    /// duplicates); a batch holding a bad item is written again one item at a time to name it.
    /// </summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Largest upload the admin's importer takes (the export and the uploads zip together), in bytes; 2 GB by default.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest total size the files of an uploads zip may have once extracted, in bytes; 8 GB by default.</summary>
    public long MaxExtractedBytes { get; set; } = 8L * 1024 * 1024 * 1024;
}

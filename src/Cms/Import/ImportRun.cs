using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Import;

/// <summary>
/// An import started from the admin: kept in the database so that any node shows its progress and report, whichever
/// node runs it.
/// </summary>
public sealed class ImportRun
{
    public string Id { get; set; } = "";
    public string FileName { get; set; } = "";
    /// <summary>Where the upload was written on the node that took it (the export, and the uploads zip when sent).</summary>
    public string Folder { get; set; } = "";
    public string Node { get; set; } = "";
    public string State { get; set; } = ImportRunStates.Queued;
    public string? StartedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    /// <summary>The importer's pass over the export (1: authors, terms, media; 2: posts and pages); 0 before it starts.</summary>
    public int Pass { get; set; }

    /// <summary>
    /// Written every few seconds while the node runs the import: a running import whose heartbeat stopped was interrupted
    /// (its node stopped), and may be started again.
    /// </summary>
    public DateTime? HeartbeatUtc { get; set; }

    public long BytesRead { get; set; }
    public long BytesTotal { get; set; }
    public int ItemsDone { get; set; }
    /// <summary>The report as JSON (<see cref="ImportReport"/>), written as the import goes and at its end.</summary>
    public string? Report { get; set; }
    public string? Error { get; set; }

    /// <summary>Queued or running, but its heartbeat stopped: the node that ran it stopped. It may be started again.</summary>
    public bool IsInterrupted(DateTime now) =>
        State is ImportRunStates.Queued or ImportRunStates.Running && (HeartbeatUtc ?? CreatedUtc) < now - ImportRunner.InterruptedAfter;
}

public static class ImportRunStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> e)
    {
        e.ToTable("ImportRuns");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasMaxLength(26);
        e.Property(r => r.FileName).HasMaxLength(255);
        e.Property(r => r.Folder).HasMaxLength(1024);
        e.Property(r => r.Node).HasMaxLength(255);
        e.Property(r => r.State).HasMaxLength(20);
        e.Property(r => r.StartedBy).HasMaxLength(255);
        e.HasIndex(r => r.CreatedUtc);
    }
}

using Microsoft.EntityFrameworkCore;

namespace Cms.Data;

/// <summary>Named JSON documents of the site's own state (definitions, index definitions, search bookkeeping).</summary>
public static class StoredDocuments
{
    public static Task<string?> ReadAsync(CmsDbContext db, string name, CancellationToken cancellationToken = default) =>
        db.Documents.AsNoTracking().Where(d => d.Name == name).Select(d => d.Json).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Adds or replaces the document in the unit of work; the caller saves.</summary>
    public static async Task PutAsync(CmsDbContext db, string name, string json, DateTime now, CancellationToken cancellationToken = default)
    {
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (document is null)
        {
            db.Documents.Add(new StoredDocument { Name = name, Json = json, ModifiedUtc = now });
            return;
        }
        document.Json = json;
        document.ModifiedUtc = now;
    }
}

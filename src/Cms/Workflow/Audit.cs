using Cms.Content;
using Cms.Data;
using Cms.Security;

namespace Cms.Workflow;

/// <summary>Adds audit entries to the unit of work that makes the change they record.</summary>
public static class Audit
{
    public static void Add(CmsDbContext db, ContentItem item, string action, string? from, string? to, Actor actor, DateTime utc, string? comment = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            ContentItemId = item.ContentItemId,
            ContentItemVersionId = item.ContentItemVersionId,
            Action = action,
            FromStatus = from,
            ToStatus = to,
            Comment = comment,
            UserName = actor.UserName,
            Utc = utc,
        });
}

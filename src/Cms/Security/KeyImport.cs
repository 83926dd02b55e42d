using Cms.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Cms.Security;

/// <summary>
/// Moves what older versions kept in the data folder into the database, once, so that nothing already handed out
/// (a sign-in cookie, an access token) breaks on upgrade, and every node reads the same keys.
/// </summary>
public static class KeyImport
{
    /// <summary>Imports the data-protection key files of <c>&lt;data&gt;/keys</c> that the database does not hold yet.</summary>
    public static async Task<int> ImportDataProtectionKeysAsync(CmsDbContext db, string dataPath, TimeProvider clock)
    {
        var folder = Path.Combine(dataPath, "keys");
        if (!Directory.Exists(folder)) return 0;
        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (known.Contains(name)) continue;
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = await File.ReadAllTextAsync(file) });
            imported++;
        }
        if (imported > 0) await db.SaveChangesAsync();
        return imported;
    }
}

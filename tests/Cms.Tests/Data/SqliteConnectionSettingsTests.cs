using Cms.Data;
using Cms.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Data;

/// <summary>What every SQLite connection the host opens is set to, whichever the pool hands out.</summary>
public sealed class SqliteConnectionSettingsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    [Fact]
    public async Task Statement_journals_and_temporary_tables_stay_in_memory_on_every_connection()
    {
        // Several contexts at once take several native connections from the pool; each is set when first opened.
        var scopes = Enumerable.Range(0, 3).Select(_ => fixture.Host.Services.CreateScope()).ToList();
        try
        {
            var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<CmsDbContext>()).ToList();
            foreach (var db in contexts) await db.Database.OpenConnectionAsync();
            foreach (var db in contexts)
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA temp_store;";
                // 2 is MEMORY (0 is the build's default, a file).
                Assert.Equal(2L, await command.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var scope in scopes) scope.Dispose();
        }
    }
}

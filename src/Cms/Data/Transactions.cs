using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cms.Data;

/// <summary>A transaction that joins the one already open on the context (a recipe run) or owns a new one.</summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;

    private UnitOfWork(IDbContextTransaction? owned) => _owned = owned;

    public static async Task<UnitOfWork> BeginAsync(CmsDbContext db) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync() : null);

    public async Task CommitAsync()
    {
        if (_owned is not null) await _owned.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null) await _owned.DisposeAsync();
    }
}

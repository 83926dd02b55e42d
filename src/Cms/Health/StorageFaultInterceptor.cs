using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cms.Health;

/// <summary>
/// Watches the database's writes for <see cref="StorageFaults"/>: one refused for lack of space is recorded (background
/// work's too, which no request answers for), and any save that writes rows again clears the fault.
/// </summary>
internal sealed class StorageFaultInterceptor(StorageFaults faults) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0) faults.Cleared(StorageKind.Database);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (result > 0) faults.Cleared(StorageKind.Database);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Exception);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    // SQLite may run out of space at the commit (the write-ahead log grows then), after every statement succeeded.
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Failed(eventData.Exception);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    private void Failed(Exception exception)
    {
        if (DiskFull.IsOutOfSpace(exception)) faults.Record(exception);
    }
}

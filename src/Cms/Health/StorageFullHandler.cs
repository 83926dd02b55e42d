using Cms.Api;
using Cms.Content;
using Microsoft.AspNetCore.Diagnostics;

namespace Cms.Health;

/// <summary>
/// A request whose write ran out of space is answered 507 naming what could not be written, not 500: the client learns
/// that nothing is wrong with its request, and the operator what filled up. The fault is kept for <c>/health/ready</c>.
/// </summary>
internal sealed class StorageFullHandler(StorageFaults faults) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DiskFull.IsOutOfSpace(exception)) return false;
        var fault = faults.Record(exception);
        var detail = $"The disk is full: {fault.What} could not be written, and the change was not saved. Try again once space has been freed.";
        await Problems.From(Refusal.InsufficientStorage(detail)).ExecuteAsync(context);
        return true;
    }
}

using Cms.Data;
using Npgsql;

namespace Cms.Cluster;

/// <summary>
/// The cluster's duties (publishing scheduled items, pruning the change feed) run on exactly one node at a time. On
/// PostgreSQL the node that holds a session advisory lock on a connection of its own leads; when it dies its connection
/// closes, the server releases the lock, and another node takes it within <see cref="RetryInterval"/>. With SQLite there
/// is one web host per data folder, which always leads.
/// </summary>
public sealed class ClusterLeadership(DatabaseDialect dialect, DatabaseConnection connection, ILogger<ClusterLeadership> logger) : BackgroundService
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private TaskCompletionSource<CancellationToken> _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLeader => _leading.Task.IsCompletedSuccessfully && !_leading.Task.Result.IsCancellationRequested;

    /// <summary>Waits until this node leads; the token returned is cancelled when it stops leading.</summary>
    public async Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var leading = await Volatile.Read(ref _leading).Task.WaitAsync(cancellationToken);
            if (!leading.IsCancellationRequested) return leading;
            await Task.Delay(RetryInterval, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dialect.IsPostgreSql)
        {
            _leading.TrySetResult(CancellationToken.None);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeadWhileConnectedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "The connection holding (or trying for) the cluster duties failed; trying again.");
            }
            try
            {
                await Task.Delay(RetryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task LeadWhileConnectedAsync(CancellationToken stoppingToken)
    {
        await using var conn = new NpgsqlConnection(connection.ConnectionStringWithoutPooling);
        await conn.OpenAsync(stoppingToken);
        while (!await TryLockAsync(conn, stoppingToken)) await Task.Delay(RetryInterval, stoppingToken);

        // Not disposed: the duties' holders link their work to its token, cancelled (never disposed) when the lock is lost.
        var lost = new CancellationTokenSource();
        var leading = Volatile.Read(ref _leading);
        if (leading.Task.IsCompleted) Interlocked.Exchange(ref _leading, leading = new(TaskCreationOptions.RunContinuationsAsynchronously));
        leading.TrySetResult(lost.Token);
        logger.LogInformation("This node now holds the cluster duties (scheduler, change-feed pruning).");
        try
        {
            // The lock lives as long as this connection: check it now and then, and let go the moment it fails.
            while (true)
            {
                await Task.Delay(RetryInterval, stoppingToken);
                await using var ping = new NpgsqlCommand("SELECT 1", conn);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
        finally
        {
            lost.Cancel();
            Interlocked.Exchange(ref _leading, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection conn, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({DatabaseDialect.SchedulerLockKey})", conn);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

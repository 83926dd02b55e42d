using Cms.Changes;
using Cms.Data;
using Npgsql;

namespace Cms.Cluster;

/// <summary>
/// Wakes this node's change-feed follower the moment another node commits a change (PostgreSQL LISTEN/NOTIFY). A lost
/// notification costs at most one poll interval: the follower polls anyway.
/// </summary>
public sealed class ChangeNotifications(DatabaseDialect dialect, DatabaseConnection connection, ChangeFeedFollower follower, ILogger<ChangeNotifications> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dialect.IsPostgreSql) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connection.ConnectionStringWithoutPooling);
                conn.Notification += (_, _) => follower.Wake();
                await conn.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {DatabaseDialect.ChangesChannel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Anything committed while this connection was being opened is read now.
                follower.Wake();
                while (true) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "Listening for other nodes' changes failed; polling until it is back.");
                try
                {
                    await Task.Delay(ClusterLeadership.RetryInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}

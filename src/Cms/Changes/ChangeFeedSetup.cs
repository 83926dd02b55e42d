using Cms.Cluster;

namespace Cms.Changes;

public static class ChangeFeedSetup
{
    public static void AddChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ChangeFeedOptions>(configuration.GetSection(ChangeFeedOptions.Section));
        services.AddSingleton<ChangeFeedProgress>();
        services.AddSingleton<ChangeFeedFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedFollower>());
        services.AddScoped<RequestChangeSequence>();

        services.AddSingleton<ClusterLeadership>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterLeadership>());
        services.AddHostedService<ChangeNotifications>();
        services.AddSingleton<ChangeFeedPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedPruner>());
    }

    /// <summary>Registers <typeparamref name="T"/> once, as itself and as a listener this node's follower applies the change feed to.</summary>
    public static void AddChangeFeedListener<T>(this IServiceCollection services) where T : class, IChangeFeedListener
    {
        services.AddSingleton<T>();
        services.AddSingleton<IChangeFeedListener>(sp => sp.GetRequiredService<T>());
    }
}

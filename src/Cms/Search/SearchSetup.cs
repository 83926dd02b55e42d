using Cms.Changes;
using Cms.Recipes;
using Cms.Telemetry;

namespace Cms.Search;

public static class SearchSetup
{
    public static void AddSearch(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        var section = configuration.GetSection("Cms:Search");
        services.Configure<SearchOptions>(section);
        var indexPath = section.Get<SearchOptions>()?.IndexPath;
        services.AddSingleton(new SearchPaths(string.IsNullOrEmpty(indexPath) ? Path.Combine(dataPath, "search") : Path.GetFullPath(indexPath, dataPath)));
        services.AddChangeFeedListener<SearchIndexer>();
        services.AddSingleton<IChangeFeedCursor>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexer>());
        // After the taxonomy cache among the listeners: when an entry empties this cache, the category names are already fresh.
        services.AddChangeFeedListener<SearchResultCache>();
        services.AddSingleton<ContentSearch>();
        services.AddSingleton<CachingContentSearch>();
        services.AddSingleton<IContentSearch>(sp => new MeasuredContentSearch(sp.GetRequiredService<CachingContentSearch>(), sp.GetRequiredService<CmsMetrics>()));
        services.AddScoped<LuceneContentQuery>();
        services.AddScoped<IRecipeStep, LuceneIndexStep>();
    }
}

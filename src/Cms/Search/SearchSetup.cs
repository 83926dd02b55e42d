using Cms.Content;
using Cms.Recipes;

namespace Cms.Search;

public static class SearchSetup
{
    public static void AddSearch(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        services.Configure<SearchOptions>(configuration.GetSection("Cms:Search"));
        services.AddSingleton(new SearchPaths(Path.Combine(dataPath, "search")));
        services.AddSingleton<IContentChangeJournal, SearchTaskJournal>();
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<IContentChangeListener>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddScoped<IArticleSearch, ArticleSearch>();
        services.AddScoped<IRecipeStep, LuceneIndexStep>();
    }
}

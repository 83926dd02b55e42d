using Cms.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Cms.Data;

/// <summary>The PostgreSQL connection string, for the connections a node keeps open besides EF Core's (LISTEN, the duties lock).</summary>
public sealed record DatabaseConnection(string ConnectionString)
{
    /// <summary>
    /// A long-lived connection must not come from (nor return to) the pool: its session locks end when it closes. Keepalives
    /// make an idle one (LISTEN) notice a server that went away instead of waiting on it for ever.
    /// </summary>
    public string ConnectionStringWithoutPooling => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString;
}

/// <summary>The error a host cannot start past; the message names the folder, the database or the setting at fault.</summary>
public sealed class CmsStartupException(string message, Exception? inner = null) : Exception(message, inner);

public static class DatabaseSetup
{
    /// <summary>
    /// Registers the CMS's DbContext for the configured provider (<c>Cms:Database:Provider</c>). EF Core interceptors
    /// registered as services join it (none in the application; a test counts the commands a request runs with one).
    /// </summary>
    public static DatabaseProvider AddCmsDatabase(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(new DatabaseDialect(options.Provider));
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            var connectionString = configuration.GetConnectionString("Cms");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new CmsStartupException("Cms:Database:Provider is PostgreSql but no connection string is set: set ConnectionStrings:Cms " +
                    "(environment ConnectionStrings__Cms), for example 'Host=db;Database=cms;Username=cms;Password=…'.");
            }
            services.AddSingleton(new DatabaseConnection(connectionString));
            services.AddDbContext<CmsDbContext, PostgreSqlCmsDbContext>((sp, o) => o.UseNpgsql(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            services.AddSingleton(new DatabaseConnection(""));
            services.AddSingleton<IInterceptor, SqliteConnectionSettings>();
            services.AddDbContext<CmsDbContext, SqliteCmsDbContext>((sp, o) =>
                o.UseSqlite($"Data Source={Path.Combine(dataPath, "cms.db")}").AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        return options.Provider;
    }
}

namespace Cms.Backup;

public static class BackupSetup
{
    public static void AddBackup(this IServiceCollection services)
    {
        services.AddScoped<DatabaseBackup>();
        services.AddScoped<MediaBackup>();
    }
}

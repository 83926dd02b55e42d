namespace Cms;

/// <summary>The <c>Cms</c> section of appsettings.json.</summary>
public sealed class CmsOptions
{
    public const string Section = "Cms";

    /// <summary>Folder for the SQLite file, data-protection keys, and later the search index and media.</summary>
    public string DataPath { get; set; } = "App_Data";

    /// <summary>Folder holding the recipes, relative to the content root.</summary>
    public string RecipesPath { get; set; } = "recipes";

    /// <summary>The recipe run on the first start with an empty database.</summary>
    public string SetupRecipe { get; set; } = "news";

    public AdminOptions Admin { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();
}

public sealed class AdminOptions
{
    public string UserName { get; set; } = "admin";
    public string Email { get; set; } = "admin@localhost";

    /// <summary>No default: when empty, a random password is generated on the first start and logged once.</summary>
    public string? Password { get; set; }
}

public sealed class ApiOptions
{
    /// <summary>Largest JSON body accepted by the content API, in bytes.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int MaxPageSize { get; set; } = 100;

    public ApiCorsOptions Cors { get; set; } = new();
}

public sealed class ApiCorsOptions
{
    /// <summary>Origins (<c>https://www.example.org</c>) whose pages may read the delivery API from a browser; none by default.</summary>
    public string[] Origins { get; set; } = [];
}

public sealed class SchedulerOptions
{
    /// <summary>How often the scheduler looks for due publications when it has not been told of one.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}

using Cms.Admin;
using Cms.Api;
using Cms.Backup;
using Cms.Categories;
using Cms.Clients;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Delivery;
using Cms.Fields;
using Cms.GraphQL;
using Cms.Import;
using Cms.Health;
using Cms.Media;
using Cms.OpenApi;
using Cms.Parts.Autoroute;
using Cms.Parts.HtmlBody;
using Cms.Parts.Taxonomy;
using Cms.Parts.Title;
using Cms.Preview;
using Cms.Recipes;
using Cms.Recipes.Steps;
using Cms.Search;
using Cms.Security;
using Cms.Site;
using Cms.Telemetry;
using Cms.Users;
using Cms.Webhooks;
using Cms.Workflow;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cms;

/// <summary>Builds the CMS host: services, pipeline, and the first-start set-up (schema, administrator, setup recipe).</summary>
public static class CmsApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddCms();
        var app = builder.Build();
        app.UseCms();
        await app.InitializeCmsAsync();
        return app;
    }

    /// <summary>A builder with the CMS's content root and configuration (appsettings.json, environment, <paramref name="args"/>).</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = FindContentRoot() });

    /// <summary>The repository root (where appsettings.json and recipes/ are), wherever the host is started from.</summary>
    public static string FindContentRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "recipes"))) return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }

    public static void AddCms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(CmsOptions.Section);
        services.Configure<CmsOptions>(section);
        var cms = section.Get<CmsOptions>() ?? new CmsOptions();
        var dataPath = DataFolder.Prepare(Path.GetFullPath(cms.DataPath, builder.Environment.ContentRootPath));
        // Made by the container (not handed to it), so that it is disposed, and the folder let go, when the host stops.
        services.AddSingleton(_ => new DataFolder(dataPath));

        services.TryAddSingleton(TimeProvider.System);
        services.AddCmsDatabase(builder.Configuration, dataPath);
        services.AddScoped<UnitOfWork>();
        services.AddChangeFeed(builder.Configuration);
        // Keys in the database: a cookie or token made by one node is read by every other (key files of older versions are imported at start).
        services.AddDataProtection().PersistKeysToDbContext<CmsDbContext>().SetApplicationName("Cms");

        services.AddIdentityCore<CmsUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                // Only administrators lock accounts (/admin/users). Failed sign-ins never do: an anonymous flood would then
                // lock the real user out. They are throttled per address and account instead (Security/SignInThrottle).
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddUserValidator<UserLengthValidator>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CmsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Cms";
                o.DefaultChallengeScheme = "Cms";
            })
            .AddPolicyScheme("Cms", "Bearer token or cookie", o => o.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(o => o.BearerTokenExpiration = cms.Api.AccessTokenLifetime)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.Cookie.Name = "cms.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request was HTTPS, also when a configured proxy says so (Security/ReverseProxy).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnRedirectToLogin = context => ApiAware(context.Response, context.Request, StatusCodes.Status401Unauthorized, context.RedirectUri);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context.Response, context.Request, StatusCodes.Status403Forbidden, context.RedirectUri);
            }));
        services.AddAuthorization();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddReverseProxy(builder.Configuration);
        services.AddSignInLimits(builder.Configuration);
        services.AddDeliveryCors(cms);
        services.AddProblemDetails();
        services.AddSecurityHeaders(builder.Configuration);
        // Malformed input is the client's fault, answered 400 naming it: the framework's own read failures are mapped
        // by RequestFaultHandler, and a value a handler's typed parameter cannot take throws (to be mapped) instead of
        // answering a bare 400.
        services.AddExceptionHandler<RequestFaultHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealth(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ContentItemJson.WriterOptions.Encoder);

        // Content model: definitions, built-in parts and fields.
        services.AddSingleton<ContentDefinitionStore>();
        services.AddSingleton<HtmlSanitizerService>();
        services.AddScoped<IContentPartHandler, TitlePartHandler>();
        services.AddScoped<IContentPartHandler, AutoroutePartHandler>();
        services.AddScoped<IContentPartHandler, HtmlBodyPartHandler>();
        services.AddScoped<IContentPartHandler, TaxonomyPartHandler>();
        services.AddScoped<IContentPartHandler, Parts.Corrections.CorrectionsPartValidator>();
        services.AddScoped<IContentPartHandler, Parts.Seo.SeoMetaPartHandler>();
        services.AddScoped<IContentFieldHandler, TextFieldHandler>();
        services.AddScoped<IContentFieldHandler, HtmlFieldHandler>();
        services.AddScoped<IContentFieldHandler, BooleanFieldHandler>();
        services.AddScoped<IContentFieldHandler, NumericFieldHandler>();
        services.AddScoped<IContentFieldHandler, DateTimeFieldHandler>();
        services.AddSingleton<IContentFieldHandler, TaxonomyFieldHandler>();
        services.AddScoped<IContentFieldHandler, MediaFieldHandler>();
        services.AddScoped<IContentFieldHandler, ContentPickerFieldHandler>();
        services.AddScoped<IContentFieldHandler, Authors.UserPickerFieldHandler>();
        services.AddScoped<ContentValidator>();
        services.AddScoped<ContentHandler, AutoroutePathHandler>();
        services.AddScoped<ContentHandler, TaxonomyFieldTermsHandler>();
        services.AddScoped<ContentHandler, Parts.Corrections.CorrectionsPartHandler>();
        services.AddScoped<ContentHandler, Authors.UserPickerFieldUsersHandler>();
        services.AddScoped<Authors.AuthorProfiles>();
        services.AddScoped<Authors.AuthorChoices>();
        services.AddScoped<ContentLifecycle>();
        services.AddScoped<ContentWriter>();
        services.AddScoped<ContentQueries>();
        services.AddScoped<PublishedContent>();
        services.AddScoped<WorkflowService>();
        services.AddScoped<CategoryService>();
        services.AddScoped<Tags.TagService>();

        // What this node holds in memory, kept in step with the change feed (definitions first: the others read them).
        services.AddSingleton<IChangeFeedListener>(sp => sp.GetRequiredService<ContentDefinitionStore>());
        services.AddChangeFeedListener<RolePermissions>();
        services.AddChangeFeedListener<TaxonomyCache>();
        services.AddChangeFeedListener<PublishedContentCache>();
        services.AddChangeFeedListener<ScheduledPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledPublisher>());

        // Security and recipes.
        services.AddScoped<AdminBootstrapper>();
        services.AddSingleton<RecipeRunner>();
        services.AddScoped<IRecipeStep, ContentDefinitionStep>();
        services.AddScoped<IRecipeStep, RolesStep>();
        services.AddScoped<IRecipeStep, ContentStep>();
        services.AddScoped<RecipeExport>();
        services.AddScoped<RecipeMediaArchive>();
        services.AddMedia(builder.Configuration, dataPath);
        services.AddAdmin();
        services.AddSearch(builder.Configuration, dataPath);
        services.AddSite(builder.Configuration);
        services.AddPreview(builder.Configuration);
        services.AddIntegrationClients();
        services.AddWebhooks(builder.Configuration);
        services.AddCmsGraphQL(builder.Configuration);
        services.AddCmsOpenApi();
        builder.AddTelemetry();
        services.AddBackup();
        services.Configure<Import.ImportOptions>(builder.Configuration.GetSection(Import.ImportOptions.Section));
        services.AddSingleton<Import.WordPress.WordPressImporter>();
        services.AddSingleton<Import.ImportRunner>();
        services.AddChangeFeedListener<Redirects.RedirectTable>();
    }

    public static void UseCms(this WebApplication app)
    {
        // First: everything after it sees the client's address (the sign-in limits count by it) and scheme (Secure cookies).
        app.UseReverseProxy();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseStatusCodePages();
        app.UseDeliveryCors(app.Services.GetRequiredService<IOptions<CmsOptions>>().Value);
        app.UseMiddleware<RequestTextGuard>();
        app.UseSignInLimits();
        app.UseMiddleware<ChangeSequenceMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Redirects.RedirectMiddleware>();

        app.MapHealth();
        app.MapTelemetry();
        app.MapChangesApi();
        app.MapTokenEndpoint();
        app.MapClientsApi();
        app.MapContentApi();
        app.MapCategoriesApi();
        app.MapTagsApi();
        app.MapUsersApi();
        app.MapRecipesApi();
        app.MapMedia();
        app.MapImportUpload();
        app.MapAdmin();
        app.MapSearch();
        app.MapPreview();
        app.MapWebhooks();
        app.MapGraphQL();
        app.MapCmsOpenApi();
        app.MapSite();
    }

    /// <summary>Takes the data folder for this web host (SQLite: one at a time), then <see cref="InitializeDatabaseAsync"/>.</summary>
    public static async Task InitializeCmsAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<DatabaseDialect>().IsPostgreSql) app.Services.GetRequiredService<DataFolder>().ClaimForWebHost();
        await app.Services.InitializeDatabaseAsync();
    }

    /// <summary>
    /// Creates or upgrades the schema, imports older key files, loads the definitions, creates the administrator, and runs
    /// the setup recipe on an empty database. On PostgreSQL nodes starting together do this one at a time. Command-line
    /// tasks call it without taking the data folder: they may run beside the web host.
    /// </summary>
    public static Task InitializeDatabaseAsync(this IServiceProvider root) => UnderStartupLockAsync(root, async (services, db, admin) =>
    {
        if (await RecipeRunner.IsSetupDoneAsync(db)) return;
        var runner = services.GetRequiredService<RecipeRunner>();
        var name = services.GetRequiredService<IOptions<CmsOptions>>().Value.SetupRecipe;
        var recipe = runner.Find(name) ?? throw new CmsStartupException($"The setup recipe '{name}' is not in the recipes folder.");
        await runner.RunAsync(recipe, new Actor(admin.Id, admin.UserName, Permissions.All), admin.Id);
    });

    /// <summary>
    /// As <see cref="InitializeDatabaseAsync"/>, except that an empty database is left without the setup recipe: the
    /// command brings its own (<c>recipe &lt;file&gt;</c> sets a new site up from an export).
    /// </summary>
    public static Task PrepareDatabaseAsync(this IServiceProvider root) => UnderStartupLockAsync(root, (_, _, _) => Task.CompletedTask);

    private static async Task UnderStartupLockAsync(IServiceProvider root, Func<IServiceProvider, CmsDbContext, CmsUser, Task> then)
    {
        using var scope = root.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CmsDbContext>();
        var dialect = services.GetRequiredService<DatabaseDialect>();
        var folder = services.GetRequiredService<DataFolder>();
        try
        {
            await using (await dialect.LockStartupAsync(db))
            {
                await db.Database.MigrateAsync();
                if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                await services.GetRequiredService<ChangeFeedFollower>().StartAtEndAsync(db);
                await KeyImport.ImportDataProtectionKeysAsync(db, folder.Path, services.GetRequiredService<TimeProvider>());
                await services.GetRequiredService<MediaTokens>().LoadOrCreateKeyAsync(db, folder.Path);
                // The first key is made here, under the start-up lock, so that nodes starting together share it.
                services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Cms.Startup").Protect("ready"u8.ToArray());
                await services.GetRequiredService<ContentDefinitionStore>().LoadAsync(db);

                var admin = await services.GetRequiredService<AdminBootstrapper>().EnsureAdministratorAsync();
                await then(services, db, admin);
            }
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or System.Net.Sockets.SocketException)
        {
            throw new CmsStartupException($"The database cannot be used ({dialect.Provider}): {e.Message}", e);
        }
    }

    /// <summary>
    /// A bearer token when one is sent; otherwise the admin cookie, except for API writes: those carry no antiforgery
    /// token, so a cookie alone (which a browser attaches to any request) must not authorize them. Nor is the cookie
    /// honoured for an API request another origin's page makes: whatever CORS allows, a draft is never read that way.
    /// </summary>
    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return BearerTokenDefaults.AuthenticationScheme;
        if (!request.Path.StartsWithSegments("/api")) return IdentityConstants.ApplicationScheme;
        var apiWrite = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
        return apiWrite || FromAnotherOrigin(request) ? BearerTokenDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme;
    }

    /// <summary>Browsers send <c>Origin</c> on cross-origin requests (and "null" from opaque origins); same-origin reads usually carry none.</summary>
    private static bool FromAnotherOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is { Length: > 0 } origin
        && !string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    private static Task ApiAware(HttpResponse response, HttpRequest request, int status, string redirectUri)
    {
        if (request.Path.StartsWithSegments("/api"))
        {
            response.StatusCode = status;
            return Task.CompletedTask;
        }
        response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}

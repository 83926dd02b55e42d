using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cms.Tests.Support;

/// <summary>
/// The real CMS host on Kestrel, on a free loopback port, with its own data folder and database: a SQLite file in the
/// folder, or, in the PostgreSQL test assembly (<see cref="TestDatabase"/>), a database of its own on the run's
/// throwaway server. Tests talk to it over HTTP like any client.
/// </summary>
public sealed class CmsHost : IAsyncDisposable
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "Test-Admin-Password-1";

    private readonly WebApplication _app;
    private readonly bool _ownsData;

    private CmsHost(WebApplication app, string dataPath, bool ownsData, string? connectionString)
    {
        _app = app;
        DataPath = dataPath;
        _ownsData = ownsData;
        ConnectionString = connectionString;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public Uri BaseAddress { get; }
    public string DataPath { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>The PostgreSQL database of this host; null on SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>What a command-line task run beside this host is given, as an operator would: its data folder and database.</summary>
    public Dictionary<string, string?> CommandSettings()
    {
        var settings = new Dictionary<string, string?> { ["Cms:DataPath"] = DataPath };
        if (ConnectionString is null) return settings;
        settings["Cms:Database:Provider"] = "PostgreSql";
        settings["ConnectionStrings:Cms"] = ConnectionString;
        return settings;
    }

    /// <summary>
    /// Starts a host; with <paramref name="dataPath"/> it reuses a data folder (a restart), and leaves it in place on dispose.
    /// <paramref name="services"/> changes the host's services once the CMS has registered its own, so that they win (a
    /// test's own password hasher, a fault to inject, an EF Core interceptor that counts commands).
    /// </summary>
    public static async Task<CmsHost> StartAsync(string? dataPath = null, IDictionary<string, string?>? settings = null, TextWriter? log = null,
        Action<IServiceCollection>? services = null)
    {
        var ownsData = dataPath is null;
        dataPath ??= NewDataPath();
        // On PostgreSQL the database follows the data folder, so that a restart on the same folder finds its data again.
        var connectionString = TestDatabase.IsPostgreSql ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync(TestDatabase.NameFor(dataPath)) : null;
        var app = await CmsApp.BuildAsync([], builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Cms:DataPath"] = dataPath,
                ["Cms:Admin:UserName"] = AdminUserName,
                ["Cms:Admin:Password"] = AdminPassword,
                ["Logging:LogLevel:Default"] = "Warning",
                // Every test signs in from 127.0.0.1, many times a minute: the sign-in tests set their own limits.
                ["Cms:RateLimits:PerAddress"] = "100000",
                ["Cms:RateLimits:PerUserName"] = "100000",
            };
            if (connectionString is not null)
            {
                values["Cms:Database:Provider"] = "PostgreSql";
                values["ConnectionStrings:Cms"] = connectionString;
            }
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
            builder.Configuration.AddInMemoryCollection(values);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            if (log is not null) builder.Logging.AddProvider(new TextWriterLoggerProvider(log));
            // Run when the container is made, after every registration of CmsApp.AddCms, so that these come last and win.
            if (services is not null) builder.Host.ConfigureContainer<IServiceCollection>((_, collection) => services(collection));
        });
        await app.StartAsync();
        return new CmsHost(app, dataPath, ownsData, connectionString);
    }

    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), "cms-tests", Guid.NewGuid().ToString("n"));

    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (accessToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async Task<string> GetTokenAsync(string userName, string password)
    {
        using var client = CreateClient();
        return await RequestTokenAsync(client, userName, password);
    }

    /// <summary>A bearer token from <c>/connect/token</c> (password grant), on whatever host <paramref name="client"/> talks to.</summary>
    public static async Task<string> RequestTokenAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = userName,
            ["password"] = password,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"No token for {userName} from {client.BaseAddress}: {body}");
        return body!["access_token"]!.GetValue<string>();
    }

    public async Task<HttpClient> AdminClientAsync() => CreateClient(await GetTokenAsync(AdminUserName, AdminPassword));

    /// <summary>Creates a user with the given role (a fresh name each call) and returns a client signed in as that user.</summary>
    public async Task<SignedInUser> CreateUserAsync(string role)
    {
        using var admin = await AdminClientAsync();
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():n}"[..20];
        const string password = "Str0ng-Password!";
        var response = await admin.PostAsJsonAsync("/api/users", new { userName, email = $"{userName}@example.org", password, roles = new[] { role } });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Cannot create {userName}: {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        return new SignedInUser(id, userName, CreateClient(await GetTokenAsync(userName, password)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_ownsData) return;
        DeleteData(DataPath);
        if (ConnectionString is not null) await (await PostgresServer.GetAsync()).DropDatabaseAsync(ConnectionString);
    }

    public static void DeleteData(string dataPath)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a test over.
        }
    }
}

public sealed record SignedInUser(string Id, string UserName, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>One host shared by the tests of a class; each test makes its own data.</summary>
public sealed class CmsHostFixture : IAsyncLifetime
{
    public CmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CmsHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Writes log messages to a TextWriter so that a test can read what the host logged.</summary>
public sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(writer);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (writer)
            {
                writer.WriteLine(formatter(state, exception));
                if (exception is not null) writer.WriteLine(exception.ToString());
            }
        }
    }
}

namespace Cms.Tests.Support;

/// <summary>Several <see cref="NodeProcess"/>es on one new database of the run's PostgreSQL server.</summary>
public sealed class Cluster : IAsyncDisposable
{
    private Cluster(string connectionString, IReadOnlyList<NodeProcess> nodes)
    {
        ConnectionString = connectionString;
        Nodes = nodes;
    }

    public string ConnectionString { get; }
    public IReadOnlyList<NodeProcess> Nodes { get; }
    public NodeProcess this[int index] => Nodes[index];

    /// <summary>
    /// Starts <paramref name="count"/> nodes. The first starts alone (it creates the schema and runs the setup recipe, and
    /// so holds the cluster duties); the others then start together.
    /// </summary>
    public static async Task<Cluster> StartAsync(int count, IDictionary<string, string?>? settings = null)
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var first = await NodeProcess.StartAsync("A", connectionString, settings);
        var others = await Task.WhenAll(Enumerable.Range(1, count - 1)
            .Select(i => NodeProcess.StartAsync(((char)('A' + i)).ToString(), connectionString, settings)));
        return new Cluster(connectionString, [first, .. others]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        await (await PostgresServer.GetAsync()).DropDatabaseAsync(ConnectionString);
    }
}

/// <summary>
/// Three nodes shared by the tests of a class; each test makes its own data. Their recipes folder holds the setup recipe
/// and <c>brief</c>, which defines a new type, for the test of a definition change made on one node.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string BriefRecipe = """
        {
          "name": "brief",
          "steps": [
            {
              "name": "ContentDefinition",
              "ContentTypes": [
                {
                  "Name": "Brief",
                  "DisplayName": "Brève",
                  "Settings": { "ContentTypeSettings": { "Creatable": true } },
                  "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ]
                }
              ]
            }
          ]
        }
        """;

    private readonly string _recipes = Path.Combine(Path.GetTempPath(), "cms-tests-recipes-" + Guid.NewGuid().ToString("n")[..12]);

    public Cluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_recipes);
        foreach (var recipe in Directory.EnumerateFiles(Path.Combine(CmsApp.FindContentRoot(), "recipes"), "*.recipe.json"))
        {
            File.Copy(recipe, Path.Combine(_recipes, Path.GetFileName(recipe)));
        }
        await File.WriteAllTextAsync(Path.Combine(_recipes, "brief.recipe.json"), BriefRecipe);
        Cluster = await Cluster.StartAsync(3, new Dictionary<string, string?> { ["Cms:RecipesPath"] = _recipes });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_recipes, recursive: true);
    }
}

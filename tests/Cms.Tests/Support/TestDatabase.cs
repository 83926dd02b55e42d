using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Cms.Data;

namespace Cms.Tests.Support;

/// <summary>Which database the test hosts of an assembly use: the PostgreSQL test assembly declares it; SQLite otherwise.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class TestDatabaseAttribute(DatabaseProvider provider) : Attribute
{
    public DatabaseProvider Provider { get; } = provider;
}

public static class TestDatabase
{
    public static DatabaseProvider Provider { get; } =
        typeof(TestDatabase).Assembly.GetCustomAttribute<TestDatabaseAttribute>()?.Provider ?? DatabaseProvider.Sqlite;

    public static bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The database name of a data folder: the same folder, the same database (a restart).</summary>
    public static string NameFor(string dataPath) =>
        "cms_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataPath))))[..20];
}

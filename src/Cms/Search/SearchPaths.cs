namespace Cms.Search;

/// <summary>
/// Where a node keeps its indexes: <c>&lt;DataPath&gt;/search/&lt;index&gt;/&lt;generation&gt;</c>, with a <c>current</c>
/// file naming the finished generation. The file is replaced atomically, so a crash mid-build leaves the old one current.
/// </summary>
public sealed class SearchPaths(string root)
{
    public string Root { get; } = root;

    public string NewGeneration(string index) => Path.Combine(Root, index, DateTime.UtcNow.ToString("yyyyMMddHHmmssfff") + "-" + Guid.NewGuid().ToString("n")[..8]);

    public string? ReadCurrent(string index)
    {
        var file = Path.Combine(Root, index, "current");
        if (!File.Exists(file)) return null;
        var path = Path.Combine(Root, index, File.ReadAllText(file).Trim());
        return Directory.Exists(path) ? path : null;
    }

    public void WriteCurrent(string index, string generationPath)
    {
        var folder = Path.Combine(Root, index);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "current.tmp");
        File.WriteAllText(temporary, Path.GetFileName(generationPath));
        File.Move(temporary, Path.Combine(folder, "current"), overwrite: true);
    }

    public void DeleteOtherGenerations(string index, string keep)
    {
        var folder = Path.Combine(Root, index);
        if (!Directory.Exists(folder)) return;
        foreach (var generation in Directory.EnumerateDirectories(folder))
        {
            if (!string.Equals(Path.GetFullPath(generation), Path.GetFullPath(keep), StringComparison.Ordinal)) TryDelete(generation);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next start's clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

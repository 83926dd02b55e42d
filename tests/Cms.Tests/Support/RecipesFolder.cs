namespace Cms.Tests.Support;

/// <summary>A recipes folder of a test's own: the repository's recipes (the setup recipe among them) plus recipes the test writes.</summary>
public sealed class RecipesFolder : IDisposable
{
    public RecipesFolder(IReadOnlyDictionary<string, string> extra)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cms-tests-recipes-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(Path);
        foreach (var recipe in Directory.EnumerateFiles(System.IO.Path.Combine(CmsApp.FindContentRoot(), "recipes"), "*.recipe.json"))
        {
            File.Copy(recipe, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(recipe)));
        }
        foreach (var (name, json) in extra) File.WriteAllText(System.IO.Path.Combine(Path, name + ".recipe.json"), json);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a test over.
        }
    }
}

using Cms.Parts.Autoroute;

namespace Cms.Media;

/// <summary>Names in the media library: lower-case slugs, no traversal, no control characters, French accents transliterated.</summary>
public static class MediaPaths
{
    /// <summary>The longest path (folder and file name) the library's columns hold.</summary>
    public const int MaxLength = 1024;

    /// <summary>"2024/11", "../../etc" → "etc", "Défense/Été" → "defense/ete"; empty segments and dots vanish.</summary>
    public static string NormalizeFolder(string? folder) =>
        string.Join('/', (folder ?? "").Replace('\\', '/').Split('/').Select(Slug.From).Where(s => s.Length > 0));

    /// <summary>The stem slugged ("Koursk été.JPG" → "koursk-ete"), the extension of the real type.</summary>
    public static string NormalizeFileName(string? fileName, MediaType type)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var stem = Slug.From(Path.GetFileNameWithoutExtension(name));
        if (stem.Length > 80) stem = stem[..80].TrimEnd('-');
        return (stem.Length == 0 ? "image" : stem) + type.Extension;
    }

    public static string Combine(string folder, string fileName) => folder.Length == 0 ? fileName : folder + "/" + fileName;

    /// <summary>"koursk.jpg", 2 → "koursk-2.jpg".</summary>
    public static string WithSuffix(string fileName, int number) =>
        $"{Path.GetFileNameWithoutExtension(fileName)}-{number}{Path.GetExtension(fileName)}";

    /// <summary>Whether a path from a URL is a well-formed library path (what <see cref="NormalizeFolder"/> would produce).</summary>
    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > MaxLength || path.Contains('\\') || path.Any(char.IsControl)) return false;
        return path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
    }
}

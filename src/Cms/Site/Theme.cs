using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Fluid;
using Microsoft.Extensions.FileProviders;

namespace Cms.Site;

public sealed record ThemeManifest(string Name, string? Description, string? Version);

/// <summary>
/// A theme folder: <c>theme.json</c>, Liquid templates resolved by file name, and static assets under <c>assets/</c>.
/// Each template is parsed once; each asset's fingerprint is computed once.
/// </summary>
public sealed class Theme
{
    private static readonly FluidParser Parser = new();
    private static readonly JsonSerializerOptions ManifestOptions = new() { PropertyNameCaseInsensitive = true };
    private readonly ConcurrentDictionary<string, IFluidTemplate?> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _fingerprints = new(StringComparer.Ordinal);

    public Theme(string folder)
    {
        Folder = folder;
        AssetsFolder = Path.Combine(folder, "assets");
        var manifestPath = Path.Combine(folder, "theme.json");
        if (!File.Exists(manifestPath)) throw new InvalidOperationException($"The theme folder '{folder}' has no theme.json.");
        Manifest = JsonSerializer.Deserialize<ThemeManifest>(File.ReadAllText(manifestPath), ManifestOptions)
            ?? throw new InvalidOperationException($"'{manifestPath}' is empty.");
        Files = new PhysicalFileProvider(folder);
    }

    public string Folder { get; }
    public string AssetsFolder { get; }
    public ThemeManifest Manifest { get; }

    /// <summary>For <c>{% render %}</c> and <c>{% include %}</c> of partials inside the theme.</summary>
    public IFileProvider Files { get; }

    /// <summary>The first template that exists among <paramref name="names"/> (most specific first), parsed once.</summary>
    public IFluidTemplate? Find(params string[] names)
    {
        foreach (var name in names)
        {
            var template = _templates.GetOrAdd(name, Load);
            if (template is not null) return template;
        }
        return null;
    }

    /// <summary>An asset's path on the theme's fingerprint, or null when the theme has no such file.</summary>
    public string? Fingerprint(string asset) => _fingerprints.GetOrAdd(asset, name =>
    {
        var file = AssetPath(name);
        if (file is null) return null;
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
    });

    /// <summary>The file behind an asset name, never outside the assets folder.</summary>
    public string? AssetPath(string asset)
    {
        if (string.IsNullOrEmpty(asset) || asset.Contains("..", StringComparison.Ordinal) || asset.Contains('\\')) return null;
        var full = Path.GetFullPath(Path.Combine(AssetsFolder, asset));
        return full.StartsWith(AssetsFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private IFluidTemplate? Load(string name)
    {
        var file = Path.Combine(Folder, name + ".liquid");
        if (!File.Exists(file)) return null;
        if (!Parser.TryParse(File.ReadAllText(file), out var template, out var error))
        {
            throw new ThemeTemplateException($"The template '{name}.liquid' of the theme '{Manifest.Name}' does not parse: {error}");
        }
        return template;
    }
}

public sealed class ThemeTemplateException(string message, Exception? inner = null) : Exception(message, inner);

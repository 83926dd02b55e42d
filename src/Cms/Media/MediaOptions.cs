namespace Cms.Media;

/// <summary>The <c>Cms:Media</c> section of appsettings.json.</summary>
public sealed class MediaOptions
{
    public const string Section = "Cms:Media";

    /// <summary>
    /// Where originals are kept: <c>Local</c> (the data folder) or <c>S3</c> (a bucket shared by every web node, see
    /// <see cref="S3"/>). Rendered variants are on each node's disk either way: they are cheap to render again.
    /// </summary>
    public MediaStoreKind Store { get; set; } = MediaStoreKind.Local;

    public S3MediaStoreOptions S3 { get; set; } = new();

    /// <summary>Largest upload accepted, in bytes; larger files get 413.</summary>
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest image accepted, in pixels, read from the header before anything is decoded.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    public static readonly int[] DefaultSizes = [160, 320, 480, 640, 768, 1024, 1280, 1600, 1920, 2048];

    /// <summary>
    /// Widths and heights served to anyone; other sizes need a token issued by the server. Empty by default because
    /// the configuration binder appends to an array that already has items; <see cref="AllowedSizes"/> supplies the default.
    /// </summary>
    public int[] Sizes { get; set; } = [];

    public IReadOnlyList<int> AllowedSizes => _allowedSizes ??= Sizes.Length == 0 ? DefaultSizes : Sizes.Distinct().Order().ToArray();

    private int[]? _allowedSizes;

    /// <summary>Upper bound of any rendered side, even with a token.</summary>
    public int MaxRenderSide { get; set; } = 4096;

    public int DefaultQuality { get; set; } = 80;

    /// <summary>Disk the rendered variants may take; beyond it the oldest are removed (see MediaCacheTrimmer).</summary>
    public long MaxCacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How often the variant cache is checked against <see cref="MaxCacheBytes"/>.</summary>
    public TimeSpan CacheTrimInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Renders running at once; more wait, which bounds the memory that decoding takes.</summary>
    public int MaxConcurrentRenders { get; set; } = Math.Max(2, Environment.ProcessorCount);
}

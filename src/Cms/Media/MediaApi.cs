using System.Text.Json;
using System.Text.Json.Nodes;
using Cms.Api;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Cms.OpenApi;

namespace Cms.Media;

/// <summary>The media library API (<c>/api/media</c>) and media delivery (<c>/media/{path}</c>, resized on request).</summary>
public static class MediaApi
{
    /// <summary>Room for the form fields around the file, on top of the file size limit.</summary>
    private const long FormOverhead = 64 * 1024;

    private const string ImmutableCache = "public, max-age=31536000, immutable";

    public static void AddMedia(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        services.Configure<MediaOptions>(configuration.GetSection(MediaOptions.Section));
        MediaOptions media;
        try
        {
            media = configuration.GetSection(MediaOptions.Section).Get<MediaOptions>() ?? new MediaOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new CmsStartupException($"The media settings cannot be read: {e.Message} (Cms:Media:Store is Local or S3.)", e);
        }
        if (media.Store == MediaStoreKind.S3)
        {
            // Made now, so that a bucket or credentials missing from the settings stop the start rather than the first upload.
            var s3 = S3MediaFileStore.Create(media.S3);
            services.AddSingleton<IMediaFileStore>(_ => s3);
        }
        else
        {
            services.AddSingleton<IMediaFileStore>(new LocalMediaFileStore(Path.Combine(dataPath, "media")));
        }
        services.AddSingleton<IImageEngine, SkiaImageEngine>();
        services.AddSingleton<MediaTokens>();
        var variantsRoot = Path.Combine(dataPath, "media-cache");
        services.AddSingleton(sp => new MediaVariantCache(variantsRoot,
            sp.GetRequiredService<IMediaFileStore>(), sp.GetRequiredService<IImageEngine>(), sp.GetRequiredService<IOptions<MediaOptions>>()));
        services.AddSingleton(sp => new MediaCacheTrimmer(variantsRoot,
            sp.GetRequiredService<IOptions<MediaOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MediaCacheTrimmer>>()));
        services.AddHostedService(sp => sp.GetRequiredService<MediaCacheTrimmer>());
        services.AddSingleton<ImageCommandParser>();
        services.AddSingleton<MediaValidator>();
        services.AddSingleton<MediaUrls>();
        services.AddScoped<MediaUploader>();
        services.AddScoped<MediaLibrary>();
    }

    public static void MapMedia(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/media").DisableAntiforgery().WithTags("Media").ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapPost("/", UploadAsync).WithSummary("Upload a media file")
            .WithDescription("multipart/form-data with a file field, and optionally folder, alt, caption, credit and rxy (the focal point). The Location header is the file's URL.")
            .Reads<MediaUploadForm>(ApiDocumentation.Multipart).Produces<MediaDocument>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status507InsufficientStorage);
        api.MapGet("/", ListAsync).WithSummary("List a media folder").Produces<MediaListingDocument>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapGet("/info", InfoAsync).WithSummary("Describe a media file").WithDescription("path: the file's media path, such as 2024/11/koursk.jpg.")
            .Produces<MediaDocument>().ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPut("/{**path}", UpdateAsync).WithSummary("Change a media file's texts and focal point")
            .Reads<MediaTextsBody>().Produces<MediaDocument>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("/{**path}", DeleteAsync).WithSummary("Delete a media file")
            .WithDescription("Refused (409) while a published item shows it, unless an editor (PublishContent) sends force=true.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapGet("/media/{**path}", ServeAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, MediaUploader uploader, MediaUrls urls, IOptions<MediaOptions> options)
    {
        var actor = await context.GetActorAsync();
        if (!actor.IsAuthenticated) return Results.Unauthorized();
        if (!actor.Has(Permissions.EditOwnContent)) return Problems.From(Refusal.Forbidden("Uploading media needs the EditOwnContent permission."));

        var limit = options.Value.MaxFileBytes;
        var tooLarge = new Refusal(RefusalKind.TooLarge, "The file is too large.", $"Files are limited to {limit} bytes.");
        if (context.Request.ContentLength > limit + FormOverhead) return Problems.From(tooLarge);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit + FormOverhead;
        if (!context.Request.HasFormContentType) return Problems.From(new Refusal(RefusalKind.UnsupportedMediaType, "Unsupported media type.", "Send multipart/form-data with a 'file' field."));

        // A form the reader refuses (no boundary, a field over its limit, NUL) is RequestFaultHandler's: 400 or 413, naming it.
        IFormCollection form;
        try
        {
            var formOptions = new FormOptions { MultipartBodyLengthLimit = limit + FormOverhead, ValueLengthLimit = 4096 };
            form = await CheckedFormFeature.ReadFormAsync(context.Request, formOptions, context.RequestAborted);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.From(tooLarge);
        }

        var file = form.Files["file"];
        if (file is null || file.Length == 0) return Problems.Invalid("file", "A non-empty 'file' field is required.");
        if (file.Length > limit) return Problems.From(tooLarge);
        FocalPoint? focus = null;
        if (form.ContainsKey("rxy"))
        {
            if (!FocalPoint.TryParse(form["rxy"], out var point)) return Problems.Invalid("rxy", "rxy must be two numbers from 0 to 1, such as 0.5,0.3.");
            focus = point;
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, context.RequestAborted);
        }
        var upload = new MediaUpload(file.FileName, form["folder"], form["alt"], form["caption"], form["credit"], focus);
        var stored = await uploader.UploadAsync(upload, content, actor);
        return stored.Succeeded
            ? Results.Created(urls.Url(stored.Value!.Path), Describe(stored.Value, urls))
            : Problems.From(stored.Refusal!);
    }

    private static async Task<IResult> ListAsync(string? folder, HttpContext context, MediaLibrary library, MediaUrls urls)
    {
        var listing = await library.ListAsync(folder, await context.GetActorAsync());
        if (!listing.Succeeded) return Problems.From(listing.Refusal!);
        var value = listing.Value!;
        return Results.Json(new { folder = value.Folder, folders = value.Folders, items = value.Items.Select(a => Describe(a, urls)) });
    }

    private static async Task<IResult> InfoAsync(string? path, MediaLibrary library, MediaUrls urls)
    {
        if (!MediaPaths.IsValid(path)) return Problems.Invalid("path", "path must be a media path such as 2024/11/koursk.jpg.");
        var asset = await library.FindAsync(path!);
        return asset is null ? Problems.From(Refusal.NotFound($"There is no media at '{path}'.")) : Results.Json(Describe(asset, urls));
    }

    private static async Task<IResult> UpdateAsync(string path, HttpContext context, MediaLibrary library, MediaUrls urls, IOptions<CmsOptions> options)
    {
        if (!MediaPaths.IsValid(path)) return Problems.From(Refusal.NotFound($"There is no media at '{path}'."));
        var body = await RequestJson.ReadObjectAsync(context.Request, options.Value.Api.MaxJsonBodyBytes);
        if (!body.Succeeded) return Problems.From(body.Refusal!);
        var json = body.Value!;
        if (!TryText(json, "alt", out var alt)) return Problems.Invalid("alt", "alt must be a string.");
        if (!TryText(json, "caption", out var caption)) return Problems.Invalid("caption", "caption must be a string.");
        if (!TryText(json, "credit", out var credit)) return Problems.Invalid("credit", "credit must be a string.");
        var change = new MediaTextsChange(alt, caption, credit);
        if (json.TryGetPropertyValue("focus", out var focusNode))
        {
            FocalPoint? focus = null;
            if (focusNode is not null)
            {
                if (focusNode.GetValueKind() != JsonValueKind.String || !FocalPoint.TryParse(focusNode.GetValue<string>(), out var point))
                {
                    return Problems.Invalid("focus", "focus must be null or two numbers from 0 to 1, such as \"0.5,0.3\".");
                }
                focus = point;
            }
            change = change with { ChangesFocus = true, Focus = focus };
        }
        var updated = await library.UpdateAsync(path, change, await context.GetActorAsync());
        return updated.Succeeded ? Results.Json(Describe(updated.Value!, urls)) : Problems.From(updated.Refusal!);
    }

    private static async Task<IResult> DeleteAsync(string path, bool? force, HttpContext context, MediaLibrary library)
    {
        if (!MediaPaths.IsValid(path)) return Problems.From(Refusal.NotFound($"There is no media at '{path}'."));
        var deleted = await library.DeleteAsync(path, force == true, await context.GetActorAsync());
        return deleted.Succeeded ? Results.NoContent() : Problems.From(deleted.Refusal!);
    }

    private static async Task<IResult> ServeAsync(string path, HttpContext context, IMediaFileStore store, ImageCommandParser parser, MediaVariantCache cache)
    {
        var type = MediaType.FromExtension(path);
        if (!MediaPaths.IsValid(path) || type is null) return Problems.From(Refusal.NotFound("There is no such media."));
        var source = await store.GetInfoAsync(path);
        if (source is null) return Problems.From(Refusal.NotFound("There is no such media."));
        var query = context.Request.Query;
        context.Response.Headers.CacheControl = ImmutableCache;

        if (!ImageCommandParser.Keys.Any(query.ContainsKey))
        {
            // Same tag on every node when the store is shared (the bucket's time and length), so a client's copy stays valid behind a load balancer.
            var originalTag = new EntityTagHeaderValue($"\"{source.LastModifiedUtc.UtcTicks:x}-{source.Length:x}\"");
            // Answered before opening: from a bucket, opening downloads the whole file.
            if (context.Request.Headers.IfNoneMatch.Contains(originalTag.Tag.Value))
            {
                context.Response.Headers.ETag = originalTag.Tag.Value;
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            var stream = await store.OpenReadAsync(path);
            if (stream is null) return Problems.From(Refusal.NotFound("There is no such media."));
            return Results.Stream(stream, type.ContentType, lastModified: source.LastModifiedUtc, entityTag: originalTag);
        }

        // The stored focal point matters only for a crop of both sides without rxy: only then is the database asked,
        // and only then is a DbContext made (resolved here rather than injected, to keep it off the cached hot path).
        FocalPoint? storedFocus = null;
        if (query.ContainsKey("width") && query.ContainsKey("height") && !query.ContainsKey("rxy")
            && (query["rmode"].Count == 0 || string.Equals(query["rmode"], "crop", StringComparison.OrdinalIgnoreCase)))
        {
            var db = context.RequestServices.GetRequiredService<CmsDbContext>();
            var focus = await db.Set<MediaAsset>().AsNoTracking().Where(a => a.Path == path).Select(a => new { a.FocusX, a.FocusY }).FirstOrDefaultAsync();
            if (focus is { FocusX: { } x, FocusY: { } y }) storedFocus = new FocalPoint(x, y);
        }
        var command = parser.Parse(path, type, query, storedFocus);
        if (!command.Succeeded)
        {
            context.Response.Headers.CacheControl = "no-store";
            return Problems.From(command.Refusal!);
        }

        var key = MediaVariantCache.Key(path, command.Value!, source.LastModifiedUtc);
        var etag = new EntityTagHeaderValue($"\"{key[..32]}\"");
        if (context.Request.Headers.IfNoneMatch.Contains(etag.Tag.Value))
        {
            context.Response.Headers.ETag = etag.Tag.Value;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        try
        {
            var (file, hit) = await cache.GetOrRenderAsync(path, command.Value!, key);
            if (file is null) return Problems.From(Refusal.NotFound("There is no such media."));
            context.Response.Headers["X-Media-Cache"] = hit ? "hit" : "miss";
            return Results.File(file, command.Value!.Format.ContentType, entityTag: etag);
        }
        catch (InvalidDataException e)
        {
            context.Response.Headers.CacheControl = "no-store";
            return Problems.From(new Refusal(RefusalKind.UnsupportedMediaType, "The image cannot be decoded.", e.Message));
        }
    }

    private static bool TryText(JsonObject json, string name, out string? text)
    {
        text = null;
        if (json[name] is not { } node) return true;
        if (node.GetValueKind() != JsonValueKind.String) return false;
        text = node.GetValue<string>();
        return true;
    }

    private static object Describe(MediaAsset asset, MediaUrls urls) => new
    {
        path = asset.Path,
        url = urls.Url(asset.Path),
        folder = asset.Folder,
        fileName = asset.FileName,
        contentType = asset.ContentType,
        size = asset.Length,
        width = asset.Width,
        height = asset.Height,
        alt = asset.Alt,
        caption = asset.Caption,
        credit = asset.Credit,
        focus = asset.FocusX is { } x && asset.FocusY is { } y ? new FocalPoint(x, y).ToString() : null,
        uploadedBy = asset.UploadedBy,
        uploadedUtc = asset.UploadedUtc,
        srcset = urls.Srcset(asset.Path, urls.Widths.Where(w => w <= Math.Max(asset.Width, 160)), "webp"),
    };
}

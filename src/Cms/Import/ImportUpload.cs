using System.IO.Compression;
using Cms.Api;
using Cms.Content;
using Cms.Data;
using Cms.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cms.Import;

/// <summary>
/// <c>POST /admin/import/upload</c>: the admin's importer takes a WordPress export and, optionally, a zip of its
/// <c>wp-content/uploads</c>, streamed to this node's data folder section by section (never buffered in memory, nor
/// through the form reader), up to <see cref="ImportOptions.MaxUploadBytes"/>. The antiforgery token is the form's first
/// field: it is read before any file, and checked as if it came in the header. The import then runs in the background of
/// this node (<see cref="ImportRunner"/>).
/// </summary>
public static class ImportUpload
{
    public const string Path = "/admin/import/upload";
    public const string ExportField = "export";
    public const string UploadsField = "uploads";

    public static void MapImportUpload(this WebApplication app) =>
        app.MapPost(Path, UploadAsync).DisableAntiforgery().ExcludeFromDescription();

    private static async Task<IResult> UploadAsync(HttpContext context, IOptions<ImportOptions> options, IOptions<AntiforgeryOptions> antiforgeryOptions,
        IAntiforgery antiforgery, DataFolder data, CmsDbContext db, ImportRunner runner, TimeProvider clock)
    {
        var actor = await context.GetActorAsync();
        if (!actor.IsAuthenticated) return Problems.From(new Refusal(RefusalKind.Unauthenticated, "Sign in first.", "Importing needs a signed-in administrator."));
        if (actor.Lacks(Permissions.ImportContent, "Importing a site") is { } refusal) return Problems.From(refusal);
        var max = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > max) return TooLarge(max);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Problems.Invalid("body", "Send the files as multipart/form-data: the antiforgery token first, then 'export' and, optionally, 'uploads' (a zip).");
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024 };
        var id = IdGenerator.NewId();
        var folder = System.IO.Path.Combine(data.Path, "imports", id);
        try
        {
            var first = await reader.ReadNextSectionAsync(context.RequestAborted);
            if (first is null || !FieldOf(first, out var name, out _) || name != antiforgeryOptions.Value.FormFieldName)
            {
                return Problems.Invalid("__RequestVerificationToken", "The antiforgery token must be the form's first field.");
            }
            var token = await ReadShortAsync(first.Body, context.RequestAborted);
            context.Request.Headers[antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken"] = token;
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                return Problems.Invalid("__RequestVerificationToken", "The antiforgery token is missing or does not match: reload the page and send the files again.");
            }

            Directory.CreateDirectory(folder);
            long received = 0;
            string? fileName = null;
            var hasUploads = false;
            for (var section = await reader.ReadNextSectionAsync(context.RequestAborted); section is not null; section = await reader.ReadNextSectionAsync(context.RequestAborted))
            {
                if (!FieldOf(section, out var field, out var sent)) continue;
                var target = field switch
                {
                    ExportField => ImportRunner.ExportFile(folder),
                    UploadsField => System.IO.Path.Combine(folder, "uploads.zip"),
                    _ => null,
                };
                if (target is null || string.IsNullOrEmpty(sent)) continue;
                await using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await section.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                    {
                        received += read;
                        if (received > max)
                        {
                            file.Close();
                            Delete(folder);
                            return TooLarge(max);
                        }
                        await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    }
                }
                if (field == ExportField) fileName = System.IO.Path.GetFileName(sent);
                else hasUploads = true;
            }
            if (fileName is null)
            {
                Delete(folder);
                return Problems.Invalid(ExportField, "Choose the WordPress export (the .xml file WordPress makes in Tools › Export).");
            }
            if (hasUploads && Extract(System.IO.Path.Combine(folder, "uploads.zip"), ImportRunner.UploadsFolder(folder), options.Value.MaxExtractedBytes) is { } zipError)
            {
                Delete(folder);
                return Problems.Invalid(UploadsField, zipError);
            }

            db.Add(new ImportRun
            {
                Id = id, FileName = fileName.Length > 255 ? fileName[..255] : fileName, Folder = folder, Node = Environment.MachineName,
                StartedBy = actor.UserName, CreatedUtc = clock.GetUtcNow().UtcDateTime, BytesTotal = new FileInfo(ImportRunner.ExportFile(folder)).Length,
            });
            await db.SaveChangesAsync(context.RequestAborted);
            runner.Start(id);
            return Results.Redirect($"/admin/import/{id}", permanent: false, preserveMethod: false);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            Delete(folder);
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return TooLarge(max);
            if (e is IOException && Health.DiskFull.IsOutOfSpace(e)) throw;
            return Problems.Invalid("body", $"The upload could not be read: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            Delete(folder);
            throw;
        }
    }

    /// <summary>
    /// Extracts the uploads zip, refusing an entry whose path would leave <paramref name="target"/> (<c>../</c>, a rooted
    /// path) and a total size past <paramref name="maxBytes"/>; the error says which. A zip made of <c>wp-content/uploads</c>
    /// (or of <c>uploads</c>) is taken from inside that folder, so that its files are where the export says.
    /// </summary>
    internal static string? Extract(string zipPath, string target, long maxBytes)
    {
        var root = System.IO.Path.GetFullPath(target) + System.IO.Path.DirectorySeparatorChar;
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var destination = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, entry.FullName.Replace('\\', '/')));
                if (!destination.StartsWith(root, StringComparison.Ordinal) || System.IO.Path.IsPathRooted(entry.FullName))
                {
                    return $"The zip holds an entry outside its folder ('{entry.FullName}'): nothing was imported.";
                }
                total += entry.Length;
                if (total > maxBytes) return $"The zip's files take more than {maxBytes / (1024 * 1024)} MB once extracted: nothing was imported.";
            }
            long written = 0;
            foreach (var entry in zip.Entries)
            {
                var destination = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, entry.FullName.Replace('\\', '/')));
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
                using var source = entry.Open();
                using var file = File.Create(destination);
                // The sizes a zip declares can lie: what is written counts.
                var buffer = new byte[1 << 16];
                int read;
                while ((read = source.Read(buffer)) > 0)
                {
                    written += read;
                    if (written > maxBytes) return $"The zip's files take more than {maxBytes / (1024 * 1024)} MB once extracted: nothing was imported.";
                    file.Write(buffer, 0, read);
                }
            }
        }
        File.Delete(zipPath);
        foreach (var inner in new[] { "wp-content/uploads", "uploads" })
        {
            var nested = System.IO.Path.Combine(target, inner);
            if (!Directory.Exists(nested)) continue;
            var moved = target + ".nested";
            Directory.Move(nested, moved);
            Directory.Delete(target, recursive: true);
            Directory.Move(moved, target);
            break;
        }
        return null;
    }

    private static bool FieldOf(MultipartSection section, out string name, out string? fileName)
    {
        name = "";
        fileName = null;
        // A field or a file: both are "form-data" (IsFormDisposition is true of fields only).
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)) return false;
        name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
        fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        return true;
    }

    private static async Task<string> ReadShortAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length == buffer.Length) throw new InvalidDataException("The antiforgery token is too long.");
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static IResult TooLarge(long max) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large.",
        detail: $"An import takes at most {max:N0} bytes (Cms:Import:MaxUploadBytes): the export and the uploads zip together.");

    private static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left behind, it holds nothing any run points to.
        }
    }
}

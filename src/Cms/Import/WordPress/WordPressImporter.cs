using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Health;
using Cms.Media;
using Cms.Parts.Autoroute;
using Cms.Parts.HtmlBody;
using Cms.Parts.Taxonomy;
using Cms.Redirects;
using Cms.Security;
using Cms.Workflow;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Import.WordPress;

/// <summary>What to import, and how.</summary>
public sealed record WordPressImportOptions(string ExportPath, string? UploadsFolder = null, bool DryRun = false, bool Overwrite = false);

/// <summary>How far an import is: bytes of the export read in the current pass (there are two), items handled.</summary>
public sealed record ImportProgress(int Pass, long BytesRead, long BytesTotal, int Items);

/// <summary>
/// Brings a WordPress export in: authors as users, categories and tags as terms, attachments into the media library,
/// posts and pages as content items, each through <see cref="ContentLifecycle"/> with the import's source. The export is
/// read twice, as a stream: first what items point to (authors, terms, files), then the posts and pages. Each item is
/// committed on its own with its row in <see cref="ImportedItem"/>, so that a run stopped halfway and started again
/// finishes without duplicates, and a run of the same export changes nothing.
/// </summary>
public sealed class WordPressImporter(IServiceScopeFactory scopes, ContentDefinitionStore definitions, IOptions<ImportOptions> importOptions, TimeProvider clock,
    HtmlSanitizerService sanitizer, ILogger<WordPressImporter> log)
{
    /// <summary>How long the end of an import waits for this node's followers to have applied its batches.</summary>
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(30);

    public async Task<ImportReport> RunAsync(WordPressImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var run = new Run(options, new ImportReport { DryRun = options.DryRun, StartedUtc = Now() }, definitions.Current)
        {
            BatchSize = Math.Max(1, importOptions.Value.BatchSize),
        };
        await using (var check = new FileStream(options.ExportPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            run.Report.Items = WxrReader.Check(check);
        }
        await ReadAsync(options.ExportPath, 1, progress, run, async record =>
        {
            switch (record)
            {
                case WxrChannel channel:
                    await StartAsync(run, channel);
                    break;
                case WxrAuthor author:
                    run.DeclaredAuthors.Add(author);
                    break;
                case WxrTerm term:
                    run.DeclaredTerms.Add(term);
                    break;
                case WxrItem item:
                    if (!run.AuthorsDone) await ImportAuthorsAsync(run);
                    foreach (var t in item.Terms) run.UsedTerms.TryAdd((t.Domain, t.Slug), t.Name);
                    // WXR 1.0 lists no authors: its items' creators are.
                    if (item.Creator is { } creator && item.Type is "post" or "page" or "attachment") await EnsureAuthorAsync(run, new WxrAuthor(creator, null, null));
                    if (item.Type == "attachment") await QueueAttachmentAsync(run, item);
                    break;
            }
        }, cancellationToken);
        if (!run.AuthorsDone) await ImportAuthorsAsync(run);
        await FlushAttachmentsAsync(run);
        await ImportTermsAsync(run, FieldRoles.Category, "category", ImportedKinds.Category, cancellationToken);
        await ImportTermsAsync(run, FieldRoles.Tags, "post_tag", ImportedKinds.Tag, cancellationToken);

        try
        {
            await ReadPostsAsync(options.ExportPath, progress, run, cancellationToken);
        }
        catch
        {
            // The batch being written ends before the failure is told (its own fault, if any, is in the log).
            if (run.Writing is { } writing) await Task.WhenAny(writing);
            throw;
        }
        await FinishWritingAsync(run);
        if (!options.DryRun) await SaveRedirectsAsync(run, cancellationToken);
        if (run.LastSequence > 0)
        {
            // Batches were committed without waiting for this node's followers: whoever started the import reads its results once they have.
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ChangeFeedFollower>().CatchUpAsync(run.LastSequence, CatchUpWait, cancellationToken);
        }
        run.Report.FinishedUtc = Now();
        return run.Report;
    }

    /// <summary>The second pass: posts and pages, in batches written while the next is read.</summary>
    private async Task ReadPostsAsync(string exportPath, IProgress<ImportProgress>? progress, Run run, CancellationToken cancellationToken)
    {
        await ReadAsync(exportPath, 2, progress, run, async record =>
        {
            if (record is not WxrItem item) return;
            switch (item.Type)
            {
                case "post":
                case "page":
                    run.Report.NotImportedOne("comment", item.Comments);
                    await QueuePostAsync(run, item);
                    break;
                case "attachment":
                    break;
                default:
                    run.Report.NotImportedOne(item.Type);
                    break;
            }
        }, cancellationToken);
        await FlushPostsAsync(run);
    }

    /// <summary>
    /// The old addresses that are not an item's (archives, feeds, authors, files), then one <c>redirects.changed</c> for
    /// every node: items' own addresses were written with each item, and take effect with this entry.
    /// </summary>
    private async Task SaveRedirectsAsync(Run run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ContentLifecycle>();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        await using var transaction = await lifecycle.BeginAsync();
        var keys = run.FixedRedirects.Keys.ToList();
        var existing = await db.Set<Redirect>().Where(r => keys.Contains(r.OldPath)).ToDictionaryAsync(r => r.OldPath, StringComparer.Ordinal, cancellationToken);
        foreach (var (key, target) in run.FixedRedirects)
        {
            if (existing.TryGetValue(key, out var row))
            {
                if (row.TargetPath == target && row.TargetContentItemId is null) continue;
                row.TargetPath = target;
                row.TargetContentItemId = null;
            }
            else db.Add(new Redirect { OldPath = key, TargetPath = target, CreatedUtc = Now() });
            run.RedirectsChanged = true;
        }
        if (!run.RedirectsChanged) return;
        lifecycle.Record(ChangeEvents.RedirectsChanged, run.Actor, new JsonObject { ["import"] = run.Site });
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The redirect rows the items' old addresses already have, in one query for a batch (not tracked: a batch empties its tracker after each item).</summary>
    private static async Task<Dictionary<string, Redirect>> RedirectsOfAsync(CmsDbContext db, IEnumerable<WxrItem> items)
    {
        var keys = items.SelectMany(ItemRedirectKeys).Distinct().ToList();
        return await db.Set<Redirect>().AsNoTracking().Where(r => keys.Contains(r.OldPath)).ToDictionaryAsync(r => r.OldPath, StringComparer.Ordinal);
    }

    /// <summary>The item's WordPress permalink (path only), and <c>?p=</c> (and <c>?page_id=</c> for a page).</summary>
    private static List<string> ItemRedirectKeys(WxrItem wp)
    {
        var keys = new List<string> { $"/?p={wp.Id}" };
        if (wp.Type == "page") keys.Add($"/?page_id={wp.Id}");
        if (RedirectPaths.FromUrl(wp.Link) is { } link && link != "/" && !keys.Contains(link)) keys.Add(link);
        return keys;
    }

    /// <summary>Points the item's old addresses to it; true when a row changed. <paramref name="rows"/> gains the rows added.</summary>
    private bool SaveItemRedirects(CmsDbContext db, Dictionary<string, Redirect> rows, WxrItem wp, string contentItemId)
    {
        var changed = false;
        foreach (var key in ItemRedirectKeys(wp))
        {
            if (!rows.TryGetValue(key, out var row))
            {
                rows[key] = row = new Redirect { OldPath = key, TargetContentItemId = contentItemId, CreatedUtc = Now() };
                db.Add(row);
            }
            else if (row.TargetContentItemId != contentItemId)
            {
                row.TargetContentItemId = contentItemId;
                row.TargetPath = null;
                if (db.Entry(row).State == EntityState.Detached) db.Update(row);
            }
            else continue;
            changed = true;
        }
        return changed;
    }

    private async Task ReadAsync(string path, int pass, IProgress<ImportProgress>? progress, Run run, Func<object, Task> handle, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        foreach (var record in WxrReader.Read(stream))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await handle(record);
            if (record is WxrItem) run.Items++;
            progress?.Report(new ImportProgress(pass, stream.Position, stream.Length, run.Items));
        }
    }

    private async Task StartAsync(Run run, WxrChannel channel)
    {
        run.Site = channel.Site;
        run.Report.Site = channel.Site;
        run.Report.WxrVersion = channel.Version;
        if (run.Known.Count > 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        foreach (var row in await db.Set<ImportedItem>().AsNoTracking().Where(i => i.Site == run.Site).ToListAsync())
        {
            run.Known[(row.Kind, row.ForeignId)] = row;
        }
    }

    private async Task ImportAuthorsAsync(Run run)
    {
        run.AuthorsDone = true;
        foreach (var author in run.DeclaredAuthors) await EnsureAuthorAsync(run, author);
    }

    /// <summary>The user an author's items belong to; made (Author role, no password: an administrator sets one) when new.</summary>
    private async Task<ImportedUser?> EnsureAuthorAsync(Run run, WxrAuthor author)
    {
        if (author.Login.Length == 0) return null;
        // No author pages here: an author's archive goes to the site's front page.
        run.FixedRedirects[$"/author/{author.Login}/"] = "/";
        run.FixedRedirects[$"/author/{author.Login}"] = "/";
        if (run.Users.TryGetValue(author.Login, out var known)) return known;
        var key = (ImportedKinds.Author, StableId(author.Login));
        var hash = Hash(author.Login, author.DisplayName, author.Email);
        var counts = run.Report.Of(ImportedKinds.Author);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CmsUser>>();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (run.Known.TryGetValue(key, out var row) && await users.FindByIdAsync(row.TargetId) is { } existing)
        {
            var user = new ImportedUser(existing.Id, existing.UserName!, existing.DisplayName ?? author.DisplayName ?? existing.UserName!);
            if (row.Hash == hash) counts.Unchanged++;
            else if (!run.Options.DryRun)
            {
                existing.DisplayName = author.DisplayName ?? existing.DisplayName;
                if (author.Email is not null) existing.Email = author.Email;
                await users.UpdateAsync(existing);
                await SaveMappingAsync(db, run, key, existing.Id, null, hash);
                counts.Updated++;
                user = user with { DisplayName = existing.DisplayName ?? existing.UserName! };
            }
            else counts.Updated++;
            return run.Users[author.Login] = user;
        }

        var login = LoginFrom(author.Login);
        var name = login;
        for (var n = 1; await users.FindByNameAsync(name) is not null; n++) name = n == 1 ? $"{login}-wp" : $"{login}-wp{n}";
        if (name != author.Login) run.Report.Note(ImportedKinds.Author, author.Login, author.DisplayName, $"imported as '{name}' (the login '{author.Login}' {(login == author.Login ? "is taken here" : "has characters a login here cannot")}).");
        counts.Imported++;
        if (run.Options.DryRun) return run.Users[author.Login] = new ImportedUser("dry-run:" + name, name, author.DisplayName ?? name);

        var created = new CmsUser
        {
            UserName = name, Email = author.Email, DisplayName = author.DisplayName is { Length: > 0 } d ? d : null,
            CreatedUtc = Now(), LockoutEnabled = true,
        };
        // No password: the account cannot sign in until an administrator sets one.
        var result = await users.CreateAsync(created);
        if (!result.Succeeded)
        {
            counts.Imported--;
            run.Report.Skip(ImportedKinds.Author, author.Login, author.DisplayName, string.Join(" ", result.Errors.Select(e => e.Description)));
            return null;
        }
        await users.AddToRoleAsync(created, Roles.Author);
        await SaveMappingAsync(db, run, key, created.Id, null, hash);
        return run.Users[author.Login] = new ImportedUser(created.Id, name, created.DisplayName ?? name);
    }

    private async Task SaveMappingAsync(CmsDbContext db, Run run, (string Kind, long Id) key, string targetId, string? versionId, string hash)
    {
        var row = await db.Set<ImportedItem>().FindAsync(run.Site, key.Kind, key.Id);
        if (row is null)
        {
            row = new ImportedItem { Site = run.Site, Kind = key.Kind, ForeignId = key.Id };
            db.Add(row);
        }
        row.TargetId = targetId;
        row.VersionId = versionId;
        row.Hash = hash;
        row.ImportedUtc = Now();
        await db.SaveChangesAsync();
        db.Entry(row).State = EntityState.Detached;
        run.Known[key] = row;
    }

    /// <summary>
    /// Merges the export's categories or tags into the taxonomy of the field in <paramref name="role"/>, by slug, in one
    /// new version of that taxonomy.
    /// </summary>
    private async Task ImportTermsAsync(Run run, string role, string domain, string kind, CancellationToken cancellationToken)
    {
        var declared = run.DeclaredTerms.Where(t => IsDomain(t, domain)).ToList();
        var slugs = declared.Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        // WXR 1.0 and hand-made exports may name terms only on their items.
        declared.AddRange(run.UsedTerms.Where(u => u.Key.Domain == domain && !slugs.Contains(u.Key.Slug)).Select(u => new WxrTerm(domain == "category" ? WxrTermKind.Category : WxrTermKind.Tag, null, u.Key.Slug, u.Value, null)));
        if (declared.Count == 0) return;
        var taxonomyId = run.Definitions.TaxonomyInRole(role);
        if (taxonomyId is null)
        {
            foreach (var term in declared) run.Report.Skip(kind, term.Id ?? (object)term.Slug, term.Name, $"no field of the site's types has the {role} role.");
            return;
        }
        var counts = run.Report.Of(kind);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var lifecycle = services.GetRequiredService<ContentLifecycle>();
        var db = services.GetRequiredService<CmsDbContext>();
        await using var transaction = await lifecycle.BeginAsync();
        await services.GetRequiredService<DatabaseDialect>().LockAsync(db, TaxonomyLocks.KeyOf(taxonomyId), exclusive: true);
        var current = await lifecycle.LoadAsync(taxonomyId);
        if (current is null)
        {
            foreach (var term in declared) run.Report.Skip(kind, term.Id ?? (object)term.Slug, term.Name, "the taxonomy does not exist.");
            return;
        }
        var item = current.LatestItem();
        var terms = Taxonomy.TermsOf(item);
        var bySlug = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        void Index(JsonArray level)
        {
            foreach (var t in level.OfType<JsonObject>().Where(t => t["ContentItemId"] is not null))
            {
                bySlug.TryAdd(t["AutoroutePart"]?["Path"]?.GetValue<string>() ?? "", t);
                if (t["Terms"] is JsonArray children) Index(children);
            }
        }
        Index(terms);
        var changed = false;
        var mappings = new List<((string, long) Key, string TermId, string Hash)>();
        foreach (var term in declared)
        {
            var slug = Slug.From(Uri.UnescapeDataString(term.Slug));
            var name = System.Net.WebUtility.HtmlDecode(term.Name).Trim();
            if (slug.Length == 0 || name.Length == 0)
            {
                run.Report.Skip(kind, term.Id ?? (object)term.Slug, term.Name, "a term needs a name and a slug.");
                continue;
            }
            var key = (kind, term.Id ?? StableId(term.Slug));
            var hash = Hash(slug, name);
            var old = Uri.UnescapeDataString(term.Slug);
            if (domain == "category")
            {
                run.FixedRedirects[$"/category/{old}/"] = $"/categorie/{slug}";
                run.FixedRedirects[$"/category/{old}"] = $"/categorie/{slug}";
                run.FixedRedirects[$"/category/{old}/feed/"] = $"/categorie/{slug}/rss";
            }
            else
            {
                run.FixedRedirects[$"/tag/{old}/"] = $"/tag/{slug}";
                run.FixedRedirects[$"/tag/{old}/feed/"] = $"/tag/{slug}";
                // /tag/<slug> is the site's own route: only a slug that changed needs its old address kept.
                if (old != slug) run.FixedRedirects[$"/tag/{old}"] = $"/tag/{slug}";
            }
            if (run.Known.TryGetValue(key, out var row) && bySlug.Values.FirstOrDefault(t => t["ContentItemId"]?.GetValue<string>() == row.TargetId) is { } mapped)
            {
                run.Terms[(domain, term.Slug)] = row.TargetId;
                if (row.Hash == hash)
                {
                    counts.Unchanged++;
                    continue;
                }
                mapped["TitlePart"] = new JsonObject { ["Title"] = name };
                mappings.Add((key, row.TargetId, hash));
                counts.Updated++;
                changed = true;
                continue;
            }
            if (bySlug.TryGetValue(slug, out var existing))
            {
                var id = existing["ContentItemId"]!.GetValue<string>();
                run.Terms[(domain, term.Slug)] = id;
                mappings.Add((key, id, hash));
                run.Report.Note(kind, term.Id ?? (object)term.Slug, name, $"merged with the existing term '{slug}'.");
                counts.Unchanged++;
                continue;
            }
            var termId = IdGenerator.NewId();
            var added = new JsonObject
            {
                ["ContentItemId"] = termId,
                ["TitlePart"] = new JsonObject { ["Title"] = name },
                ["AutoroutePart"] = new JsonObject { ["Path"] = slug },
            };
            // A sub-category goes under its parent (exports list parents first), as Orchard's taxonomies nest terms.
            var parent = term.Parent is { Length: > 0 } p && bySlug.TryGetValue(Slug.From(Uri.UnescapeDataString(p)), out var found) ? found : null;
            if (parent is null) terms.Add(added);
            else
            {
                if (parent["Terms"] is not JsonArray children) parent["Terms"] = children = [];
                children.Add(added);
            }
            bySlug[slug] = added;
            run.Terms[(domain, term.Slug)] = termId;
            mappings.Add((key, termId, hash));
            counts.Imported++;
            changed = true;
        }
        if (run.Options.DryRun) return;
        if (changed)
        {
            var feedEvent = role == FieldRoles.Category ? ChangeEvents.CategoryCreated : ChangeEvents.ContentUpdated;
            var saved = await lifecycle.SavePublishedAsync(current, item, run.Actor, "Imported", feedEvent, new JsonObject { ["import"] = run.Site });
            if (!saved.Succeeded)
            {
                run.Report.Skip(kind, "*", null, $"the taxonomy refused the terms: {saved.Refusal!.Detail}");
                counts.Imported = 0;
                return;
            }
        }
        var rows = mappings.Select(m => Track(db, run, m.Key, m.TermId, null, m.Hash)).ToList();
        run.LastSequence = Math.Max(run.LastSequence, await transaction.CommitWithoutWaitingAsync(cancellationToken));
        foreach (var row in rows) run.Known[(row.Kind, row.ForeignId)] = row;
    }

    private static bool IsDomain(WxrTerm term, string domain) => term.Kind == (domain == "category" ? WxrTermKind.Category : WxrTermKind.Tag);

    /// <summary>Stages the item's mapping row; the caller puts it in <c>run.Known</c> once its transaction committed.</summary>
    private ImportedItem Track(CmsDbContext db, Run run, (string Kind, long Id) key, string targetId, string? versionId, string hash)
    {
        var row = run.Known.TryGetValue(key, out var known) ? known : null;
        var entity = row is null ? new ImportedItem { Site = run.Site, Kind = key.Kind, ForeignId = key.Id } : new ImportedItem { Site = row.Site, Kind = row.Kind, ForeignId = row.ForeignId };
        entity.TargetId = targetId;
        entity.VersionId = versionId;
        entity.Hash = hash;
        entity.ImportedUtc = Now();
        if (row is null) db.Add(entity);
        else db.Update(entity);
        return entity;
    }

    private static void RedirectFile(Run run, WxrItem item, string path)
    {
        if (Uri.TryCreate(item.AttachmentUrl, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith(RedirectPaths.UploadsPrefix, StringComparison.Ordinal))
        {
            run.FixedRedirects[uri.AbsolutePath] = MediaUrls.Prefix + path;
        }
    }

    /// <summary>An attachment already imported is updated at once (rare); a new one waits in the run's batch (<see cref="FlushAttachmentsAsync"/>).</summary>
    private async Task QueueAttachmentAsync(Run run, WxrItem item)
    {
        var counts = run.Report.Of(ImportedKinds.Attachment);
        var key = (ImportedKinds.Attachment, item.Id);
        var alt = item.Meta.GetValueOrDefault("_wp_attachment_image_alt") is { Length: > 0 } a ? a.Trim() : null;
        var caption = item.Excerpt.Trim() is { Length: > 0 } c ? c : null;
        var hash = Hash(item.AttachmentUrl, alt, caption);
        if (item.AttachmentUrl is null)
        {
            run.Report.Skip(ImportedKinds.Attachment, item.Id, item.Title, "it has no wp:attachment_url.");
            return;
        }
        if (run.Known.TryGetValue(key, out var row))
        {
            run.RememberMedia(item, row.TargetId, alt);
            RedirectFile(run, item, row.TargetId);
            if (row.Hash == hash)
            {
                counts.Unchanged++;
                return;
            }
            counts.Updated++;
            if (run.Options.DryRun) return;
            await using var updateScope = scopes.CreateAsyncScope();
            var updateDb = updateScope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var lifecycle = updateScope.ServiceProvider.GetRequiredService<ContentLifecycle>();
            await using var transaction = await lifecycle.BeginAsync();
            if (await updateDb.Set<MediaAsset>().FindAsync(row.TargetId) is { } asset)
            {
                asset.Alt = alt;
                asset.Caption = caption;
                lifecycle.Record(ChangeEvents.MediaUpdated, run.Actor, new JsonObject { ["path"] = asset.Path });
            }
            var updated = Track(updateDb, run, key, row.TargetId, null, hash);
            run.LastSequence = Math.Max(run.LastSequence, await transaction.CommitWithoutWaitingAsync());
            run.Known[key] = updated;
            return;
        }

        var relative = UploadPath(item.AttachmentUrl);
        var file = run.Options.UploadsFolder is { } folder && relative is not null ? Path.GetFullPath(Path.Combine(folder, relative)) : null;
        if (file is null || !file.StartsWith(Path.GetFullPath(run.Options.UploadsFolder!), StringComparison.Ordinal) || !File.Exists(file))
        {
            run.Report.MissingFiles.Add(relative ?? item.AttachmentUrl);
            run.Report.Skip(ImportedKinds.Attachment, item.Id, item.Title,
                run.Options.UploadsFolder is null ? "no uploads folder given (--uploads)." : $"the file {relative} is not in the uploads folder.");
            return;
        }
        if (run.Options.DryRun)
        {
            counts.Imported++;
            run.RememberMedia(item, relative!, alt);
            return;
        }
        var owner = item.Creator is { } login ? await EnsureAuthorAsync(run, new WxrAuthor(login, null, null)) : null;
        var actor = new Actor(owner?.Id ?? "import", owner?.Login ?? run.Actor.UserName, Permissions.All) { Source = ChangeSources.Import };
        run.PendingAttachments.Add(new AttachmentWork(item, key, hash, file, relative!, alt, caption, actor));
        if (run.PendingAttachments.Count >= run.BatchSize) await FlushAttachmentsAsync(run);
    }

    /// <summary>
    /// Stores the waiting files and records them, with their <see cref="ImportedItem"/> rows, in one transaction. When one
    /// fails, the batch is rolled back, the files it stored deleted, and its attachments stored one by one.
    /// </summary>
    private async Task FlushAttachmentsAsync(Run run)
    {
        if (run.PendingAttachments.Count == 0) return;
        var batch = run.PendingAttachments.ToList();
        run.PendingAttachments.Clear();
        if (batch.Count > 1 && await TryStoreAttachmentsAsync(run, batch)) return;
        foreach (var work in batch)
        {
            if (!await TryStoreAttachmentsAsync(run, [work])) run.Report.Skip(ImportedKinds.Attachment, work.Item.Id, work.Item.Title, "the media library refused it (see the log).");
        }
    }

    private async Task<bool> TryStoreAttachmentsAsync(Run run, List<AttachmentWork> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var lifecycle = services.GetRequiredService<ContentLifecycle>();
        var db = services.GetRequiredService<CmsDbContext>();
        var store = services.GetRequiredService<IMediaFileStore>();
        var uploader = services.GetRequiredService<MediaUploader>();
        var stored = new List<string>();
        var done = new List<(AttachmentWork Work, string? Path, string? Refusal, ImportedItem? Row)>(batch.Count);
        try
        {
            await using var transaction = await lifecycle.BeginAsync();
            var outcomes = new List<(string? Path, string? Refusal)>(batch.Count);
            foreach (var work in batch)
            {
                var (path, refusal, fresh) = await StoreAttachmentAsync(db, store, uploader, work);
                if (fresh) stored.Add(path!);
                outcomes.Add((path, refusal));
                // As for posts: the file's row is saved in the batch's transaction and forgotten, so that change detection
                // stays the size of one item.
                db.ChangeTracker.Clear();
            }
            // The batch's mappings, in one save at its end.
            for (var i = 0; i < batch.Count; i++)
            {
                var (work, (path, refusal)) = (batch[i], outcomes[i]);
                done.Add((work, path, refusal, path is null ? null : Track(db, run, work.Key, path, null, work.Hash)));
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            await transaction.CommitWithoutWaitingAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException && !DiskFull.IsOutOfSpace(e))
        {
            log.LogWarning(e, "Storing {Count} WordPress attachment(s) failed; {Next}.", batch.Count, batch.Count > 1 ? "storing them one by one" : "skipped");
            foreach (var path in stored) await store.DeleteAsync(path);
            return false;
        }
        var counts = run.Report.Of(ImportedKinds.Attachment);
        foreach (var (work, path, refusal, row) in done)
        {
            if (path is null)
            {
                run.Report.Skip(ImportedKinds.Attachment, work.Item.Id, work.Item.Title, refusal!);
                continue;
            }
            run.Known[work.Key] = row!;
            run.RememberMedia(work.Item, path, work.Alt);
            RedirectFile(run, work.Item, path);
            counts.Imported++;
        }
        return true;
    }

    /// <summary>The attachment's file in the media library, in the caller's transaction: its path, or why it was refused; fresh when stored now.</summary>
    private static async Task<(string? Path, string? Refusal, bool Fresh)> StoreAttachmentAsync(CmsDbContext db, IMediaFileStore store, MediaUploader uploader, AttachmentWork work)
    {
        var bytes = await File.ReadAllBytesAsync(work.File);
        var folderName = Path.GetDirectoryName(work.Relative)?.Replace('\\', '/');
        var expected = MediaPaths.Combine(MediaPaths.NormalizeFolder(folderName ?? ""), Path.GetFileName(work.Relative));
        var recorded = await db.Set<MediaAsset>().AsNoTracking().Where(m => m.Path == expected).Select(m => (long?)m.Length).FirstOrDefaultAsync();
        // Recorded by an earlier run that stopped before its mapping: that file, rather than the same one twice.
        if (recorded == bytes.Length) return (expected, null, false);
        // Stored by a batch killed before its rows committed (no row names it): stored again under its own name, not beside it.
        if (recorded is null && await store.GetInfoAsync(expected) is { } orphan && orphan.Length == bytes.Length) await store.DeleteAsync(expected);
        var uploaded = await uploader.UploadAsync(new MediaUpload(Path.GetFileName(work.Relative), folderName, work.Alt, work.Caption, null, null), bytes, work.Actor);
        return uploaded.Succeeded ? (uploaded.Value!.Path, null, true) : (null, uploaded.Refusal!.Detail ?? uploaded.Refusal.Title, false);
    }

    private sealed record AttachmentWork(WxrItem Item, (string Kind, long Id) Key, string Hash, string File, string Relative, string? Alt, string? Caption, Actor Actor);

    /// <summary>The file's path under <c>wp-content/uploads/</c> (or, on WordPress.com, the address's path).</summary>
    internal static string? UploadPath(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var marker = path.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        path = marker >= 0 ? path[(marker + "/wp-content/uploads/".Length)..] : path.TrimStart('/');
        return path.Length == 0 || path.Split('/').Any(s => s is ".." or ".") ? null : path;
    }

    /// <summary>
    /// Reads what a post or page would become; an unchanged one (same hash as at its last import) costs nothing more, a
    /// changed or new one waits in the run's batch (<see cref="FlushPostsAsync"/>).
    /// </summary>
    private async Task QueuePostAsync(Run run, WxrItem wp)
    {
        var kind = wp.Type == "page" ? ImportedKinds.Page : ImportedKinds.Post;
        var counts = run.Report.Of(kind);
        if (wp.Status is "trash" or "auto-draft" or "inherit")
        {
            run.Report.Skip(kind, wp.Id, wp.Title, $"its status is '{wp.Status}'.");
            return;
        }
        var type = kind == ImportedKinds.Page ? run.Definitions.FindType("Page") : run.ArticleType;
        if (type is null)
        {
            run.Report.Skip(kind, wp.Id, wp.Title, kind == ImportedKinds.Page ? "the site's recipe defines no Page type." : "the site has no listed type (one with a Category field).");
            return;
        }
        var key = (kind, wp.Id);
        var thumbnail = wp.Meta.GetValueOrDefault("_thumbnail_id");
        var hash = Hash(wp.Type, wp.Status, wp.Title, wp.Content, wp.Excerpt, wp.Name, wp.DateGmt?.ToString("O"), wp.Creator, thumbnail,
            string.Join(",", wp.Terms.Select(t => t.Domain + ":" + t.Slug)));
        run.Known.TryGetValue(key, out var row);
        if (row is not null && row.Hash == hash)
        {
            counts.Unchanged++;
            return;
        }

        var findings = new HtmlFindings();
        var item = BuildItem(run, wp, type, thumbnail, findings);
        if (item is null) return;
        var workflow = run.Definitions.WorkflowOf(type.Name);
        switch (wp.Status)
        {
            case "publish":
                item.Published = true;
                item.Status = workflow.Published.Name;
                break;
            case "pending":
                item.Status = workflow.States.FirstOrDefault(s => s.Kind == StateKind.Review)?.Name ?? workflow.Initial.Name;
                if (workflow.States.All(s => s.Kind != StateKind.Review)) run.Report.Note(kind, wp.Id, wp.Title, "pending review, but the type's workflow has no review state: imported as a draft.");
                break;
            case "future" when workflow.States.FirstOrDefault(s => s.Kind == StateKind.Scheduled) is { } scheduled && wp.DateGmt is not null:
                item.Status = scheduled.Name;
                item.PublishAtUtc = wp.DateGmt;
                item.PublishedUtc = null;
                break;
            case "future":
                item.Status = workflow.Initial.Name;
                item.PublishedUtc = null;
                run.Report.Note(kind, wp.Id, wp.Title, "scheduled in WordPress, but the type's workflow has no scheduled state (or the post no date): imported as a draft.");
                break;
            case "private":
                item.Status = workflow.Initial.Name;
                item.PublishedUtc = null;
                run.Report.Note(kind, wp.Id, wp.Title, "private in WordPress: imported as a draft.");
                break;
            default:
                item.Status = workflow.Initial.Name;
                item.PublishedUtc = null;
                break;
        }
        if (run.Options.DryRun)
        {
            if (row is null) counts.Imported++;
            else counts.Updated++;
            Findings(run, kind, wp, findings);
            return;
        }
        run.PendingPosts.Add(new PostWork(kind, wp, type, key, hash, row, item, findings));
        if (run.PendingPosts.Count >= run.BatchSize) await FlushPostsAsync(run);
    }

    /// <summary>
    /// Writes the waiting posts in one transaction with their <see cref="ImportedItem"/> rows and redirects, so that a run
    /// killed halfway loses at most this batch, and the same export run again finds the rest done. When any of them is
    /// refused or fails, the batch is rolled back and its posts written one by one: the bad one is reported, the others go in.
    /// </summary>
    /// <remarks>
    /// The batch is written in the background while the next one is read and converted (the database is one writer; the
    /// conversion is the other core's work). What it wrote is reported when the next batch is handed over, or at the end
    /// (<see cref="FinishWritingAsync"/>), on the reading thread: the report and the known rows change only there, never
    /// while a write runs.
    /// </remarks>
    private async Task FlushPostsAsync(Run run)
    {
        if (run.PendingPosts.Count == 0) return;
        var batch = run.PendingPosts.ToList();
        run.PendingPosts.Clear();
        await FinishWritingAsync(run);
        run.Writing = Task.Run(() => WritePostsAsync(run, batch));
    }

    /// <summary>Waits for the batch being written, if any, and reports what became of its posts.</summary>
    private static async Task FinishWritingAsync(Run run)
    {
        if (run.Writing is not { } writing) return;
        run.Writing = null;
        foreach (var written in await writing)
        {
            if (written.Failure is { } failure) run.Report.Skip(written.Work.Kind, written.Work.Wp.Id, written.Work.Wp.Title, failure);
            else Count(run, written.Work, written.Outcome!, written.Row);
        }
    }

    private async Task<List<WrittenPost>> WritePostsAsync(Run run, List<PostWork> batch)
    {
        if (batch.Count > 1 && await TryWritePostsAsync(run, batch) is { } done) return done;
        var alone = new List<WrittenPost>(batch.Count);
        foreach (var work in batch) alone.Add(await WritePostAloneAsync(run, work));
        return alone;
    }

    private async Task<List<WrittenPost>?> TryWritePostsAsync(Run run, List<PostWork> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ContentLifecycle>();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var done = new List<WrittenPost>(batch.Count);
        var redirectsChanged = false;
        try
        {
            await using var transaction = await lifecycle.BeginAsync();
            // Any failure rolls the whole batch back (and it goes again one by one): no save needs a savepoint of its own.
            db.Database.AutoSavepointsEnabled = false;
            var redirects = await RedirectsOfAsync(db, batch.Select(w => w.Wp));
            var outcomes = new List<PostOutcome>(batch.Count);
            foreach (var work in batch)
            {
                var outcome = await WritePostAsync(run, lifecycle, work, work.Item.Clone(), retryTakenPath: false);
                // A refusal may leave rows tracked (a path claimed before a handler refused): the batch goes one by one.
                if (outcome.Refusal is not null) return null;
                outcomes.Add(outcome);
                // Each item's rows are saved by the lifecycle in the batch's transaction, then forgotten: every save and
                // every path claim detects changes over all the rows the context tracks, so a tracker that kept the whole
                // batch made a batch quadratic (38 % of the import's time went to change detection with batches of 200).
                db.ChangeTracker.Clear();
            }
            // The mappings and old addresses of the whole batch, in one save at its end (one save per item cost as much
            // as the item's own rows).
            for (var i = 0; i < batch.Count; i++)
            {
                var (work, outcome) = (batch[i], outcomes[i]);
                ImportedItem? row = null;
                if (outcome.ContentItemId is { } id)
                {
                    row = Track(db, run, work.Key, id, outcome.VersionId, work.Hash);
                    redirectsChanged |= SaveItemRedirects(db, redirects, work.Wp, id);
                }
                done.Add(new WrittenPost(work, outcome, row, null));
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            run.LastSequence = Math.Max(run.LastSequence, await transaction.CommitWithoutWaitingAsync());
        }
        // A full disk is no bad item: it stops the import (started again, it goes on from the last batch).
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException && !DiskFull.IsOutOfSpace(e))
        {
            log.LogInformation(e, "A batch of {Count} WordPress items failed; writing them one by one.", batch.Count);
            return null;
        }
        run.RedirectsChanged |= redirectsChanged;
        return done;
    }

    private async Task<WrittenPost> WritePostAloneAsync(Run run, PostWork work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ContentLifecycle>();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        try
        {
            await using var transaction = await lifecycle.BeginAsync();
            var outcome = await WritePostAsync(run, lifecycle, work, work.Item.Clone(), retryTakenPath: true);
            ImportedItem? row = null;
            var redirectsChanged = false;
            if (outcome.ContentItemId is { } id)
            {
                row = Track(db, run, work.Key, id, outcome.VersionId, work.Hash);
                redirectsChanged = SaveItemRedirects(db, await RedirectsOfAsync(db, [work.Wp]), work.Wp, id);
                run.LastSequence = Math.Max(run.LastSequence, await transaction.CommitWithoutWaitingAsync());
            }
            run.RedirectsChanged |= redirectsChanged;
            return new WrittenPost(work, outcome, row, null);
        }
        // A full disk is no bad item: it stops the import (started again, it goes on from the last batch).
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException && !DiskFull.IsOutOfSpace(e))
        {
            // One bad item never stops the import.
            log.LogWarning(e, "WordPress item {Id} could not be imported", work.Wp.Id);
            return new WrittenPost(work, null, null, $"the database refused it: {e.GetBaseException().Message}");
        }
    }

    /// <summary>What a write did with one post, reported on the reading thread: its outcome and row, or why the database refused it.</summary>
    private sealed record WrittenPost(PostWork Work, PostOutcome? Outcome, ImportedItem? Row, string? Failure);

    /// <summary>What became of one post, in the report; its mapping is known once its transaction committed.</summary>
    private static void Count(Run run, PostWork work, PostOutcome outcome, ImportedItem? row)
    {
        var (kind, wp) = (work.Kind, work.Wp);
        var counts = run.Report.Of(kind);
        if (row is not null) run.Known[work.Key] = row;
        if ((outcome.Refusal ?? outcome.Skipped) is { } reason)
        {
            run.Report.Skip(kind, wp.Id, wp.Title, reason);
            return;
        }
        if (outcome.Kept)
        {
            counts.Kept++;
            run.Report.Kept.Add(new ReportLine(kind, wp.Id.ToString(), wp.Title, "edited here since its last import: left alone (--overwrite replaces it)."));
            return;
        }
        if (outcome.Note is { } note) run.Report.Note(kind, wp.Id, wp.Title, note);
        if (work.Row is null) counts.Imported++;
        else counts.Updated++;
        Findings(run, kind, wp, work.Findings);
    }

    /// <summary>One post through the lifecycle, in the caller's transaction; nothing is reported here (the batch may be rolled back).</summary>
    private static async Task<PostOutcome> WritePostAsync(Run run, ContentLifecycle lifecycle, PostWork work, ContentItem item, bool retryTakenPath)
    {
        var (row, actor) = (work.Row, run.Actor);
        var current = row is null ? null : await lifecycle.LoadAsync(row.TargetId);
        if (row is not null && current is null) return new PostOutcome { Skipped = "deleted here since its last import: left deleted." };
        if (current is not null && current.Latest.ContentItemVersionId != row!.VersionId && !run.Options.Overwrite) return new PostOutcome { Kept = true };
        Outcome<ContentItem> written;
        string? note = null;
        if (current is not null) written = await lifecycle.ImportUpdateAsync(current, item, actor);
        else
        {
            written = await lifecycle.ImportAsync(item, work.Type, actor);
            if (!written.Succeeded && retryTakenPath && IsPathTaken(written.Refusal!))
            {
                // Another item here (or another post of the export) has the slug: keep the post, under a path of its own.
                item.Content["AutoroutePart"] = new JsonObject { ["Path"] = $"{Slug.From(PathOf(item))}-{work.Wp.Id}" };
                item.ContentItemId = "";
                written = await lifecycle.ImportAsync(item, work.Type, actor);
                if (written.Succeeded) note = $"its slug was taken here: imported as '{PathOf(written.Value!)}'.";
            }
        }
        return written.Succeeded
            ? new PostOutcome { ContentItemId = written.Value!.ContentItemId, VersionId = written.Value.ContentItemVersionId, Note = note }
            : new PostOutcome { Refusal = Describe(written.Refusal!) };
    }

    private sealed record PostWork(string Kind, WxrItem Wp, ContentTypeDefinition Type, (string Kind, long Id) Key, string Hash, ImportedItem? Row,
        ContentItem Item, HtmlFindings Findings);

    /// <summary>Written (an id), kept (edited here), skipped (nothing written), or refused by the lifecycle.</summary>
    private sealed record PostOutcome
    {
        public string? ContentItemId { get; init; }
        public string? VersionId { get; init; }
        public bool Kept { get; init; }
        public string? Skipped { get; init; }
        public string? Refusal { get; init; }
        public string? Note { get; init; }
    }

    private static string PathOf(ContentItem item) => item.Part("AutoroutePart")?["Path"]?.GetValue<string>() ?? "";

    private static bool IsPathTaken(Refusal refusal) =>
        refusal.Kind == RefusalKind.Conflict || (refusal.Errors?.Keys.Any(k => k.Contains("AutoroutePart", StringComparison.Ordinal)) ?? false);

    private static string Describe(Refusal refusal) =>
        refusal.Errors is { Count: > 0 } errors ? string.Join(" ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))) : refusal.Detail ?? refusal.Title;

    private static void Findings(Run run, string kind, WxrItem wp, HtmlFindings findings)
    {
        foreach (var (name, count) in findings.Shortcodes) run.Report.UnknownShortcodes[name] = run.Report.UnknownShortcodes.GetValueOrDefault(name) + count;
        if (findings.Embeds > 0)
        {
            run.Report.Embeds += findings.Embeds;
            run.Report.Note(kind, wp.Id, wp.Title, $"{findings.Embeds} embedded video or post address(es) made link(s) in a figure.");
        }
        if (findings.ImagesWithoutAlt > 0) run.Report.EditorialWarnings.Add(new ReportLine(kind, wp.Id.ToString(), wp.Title, $"{findings.ImagesWithoutAlt} image(s) in the body without alt text."));
    }

    private ContentItem? BuildItem(Run run, WxrItem wp, ContentTypeDefinition type, string? thumbnail, HtmlFindings findings)
    {
        var kind = wp.Type == "page" ? ImportedKinds.Page : ImportedKinds.Post;
        var author = wp.Creator is { } creator ? run.Users.GetValueOrDefault(creator) : null;
        var title = System.Net.WebUtility.HtmlDecode(wp.Title).Trim();
        var slug = Slug.From(Uri.UnescapeDataString(wp.Name ?? ""));
        if (slug.Length == 0) slug = Slug.From(title);
        if (slug.Length == 0) slug = $"{kind}-{wp.Id}";
        var item = new ContentItem
        {
            ContentType = type.Name,
            DisplayText = title,
            Owner = author?.Id,
            Author = author?.Login,
            CreatedUtc = wp.DateGmt ?? Now(),
            ModifiedUtc = wp.DateGmt ?? Now(),
            PublishedUtc = wp.DateGmt,
        };
        item.Content["TitlePart"] = new JsonObject { ["Title"] = title };
        item.Content["AutoroutePart"] = new JsonObject { ["Path"] = slug };
        // Cleaned here, on the reading thread, while the previous batch is written: the lifecycle finds it clean.
        item.Content["HtmlBodyPart"] = new JsonObject { ["Html"] = sanitizer.Sanitize(WordPressHtml.Convert(wp.Content, run.MediaUrlFor, findings)) };
        var defs = run.Definitions;
        if (defs.Role(type.Name, FieldRoles.Standfirst) is { } standfirst && wp.Excerpt.Trim().Length > 0)
        {
            Set(item, standfirst, new JsonObject { ["Text"] = System.Net.WebUtility.HtmlDecode(TagPattern.Replace(wp.Excerpt, "")).Trim() });
        }
        // The post's writer is its author (the Authors field, which the site links to the author's page); a type without
        // one gets the name as its byline text.
        if (author is not null && defs.Role(type.Name, FieldRoles.Authors) is { } authors)
        {
            Set(item, authors, new JsonObject { ["UserIds"] = new JsonArray(author.Id), ["UserNames"] = new JsonArray(author.Login) });
        }
        else if (defs.Role(type.Name, FieldRoles.Byline) is { } byline && author is not null) Set(item, byline, new JsonObject { ["Text"] = author.DisplayName });
        if (defs.Role(type.Name, FieldRoles.Category) is { } category)
        {
            var ids = wp.Terms.Where(t => t.Domain == "category").Select(t => run.Terms.GetValueOrDefault(("category", t.Slug))).OfType<string>().Distinct().ToList();
            if (category.Field.Settings.Setting("TaxonomyFieldSettings", "Unique") == true && ids.Count > 1)
            {
                run.Report.Note(kind, wp.Id, wp.Title, $"{ids.Count} categories, the type takes one: the first kept.");
                ids = ids.Take(1).ToList();
            }
            Set(item, category, new JsonObject { ["TaxonomyContentItemId"] = category.TaxonomyContentItemId, ["TermContentItemIds"] = JsonValues.ToArray(ids) });
        }
        if (defs.Role(type.Name, FieldRoles.Tags) is { } tags)
        {
            var ids = wp.Terms.Where(t => t.Domain == "post_tag").Select(t => run.Terms.GetValueOrDefault(("post_tag", t.Slug))).OfType<string>().Distinct().ToList();
            Set(item, tags, new JsonObject { ["TaxonomyContentItemId"] = tags.TaxonomyContentItemId, ["TermContentItemIds"] = JsonValues.ToArray(ids) });
        }
        if (thumbnail is not null && long.TryParse(thumbnail, out var thumbnailId))
        {
            if (run.MediaById.TryGetValue(thumbnailId, out var media) && defs.Role(type.Name, FieldRoles.LeadImage) is { } lead)
            {
                Set(item, lead, new JsonObject { ["Paths"] = new JsonArray(media.Path), ["MediaTexts"] = new JsonArray(media.Alt ?? "") });
                if (media.Alt is null) run.Report.EditorialWarnings.Add(new ReportLine(kind, wp.Id.ToString(), wp.Title, "its lead image has no alt text."));
            }
            else if (!run.MediaById.ContainsKey(thumbnailId)) run.Report.Note(kind, wp.Id, wp.Title, $"its featured image (attachment {thumbnailId}) was not imported.");
        }
        return item;
    }

    private static void Set(ContentItem item, RoleField field, JsonObject value) => item.GetOrCreatePart(field.PartName)[field.Field.Name] = value;

    private static readonly System.Text.RegularExpressions.Regex TagPattern = new("<[^>]*>", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>A WordPress login as a login here: Identity's characters only.</summary>
    private static string LoginFrom(string login)
    {
        var builder = new StringBuilder(login.Length);
        foreach (var c in login) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' ? c : '-');
        var name = builder.ToString().Trim('-');
        return name.Length == 0 ? "auteur" : name.Length > 60 ? name[..60] : name;
    }

    /// <summary>A stable 63-bit id for what has no number in the export (a login, a slug in WXR 1.0).</summary>
    private static long StableId(string text) =>
        (long)(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text))) & long.MaxValue);

    private static string Hash(params string?[] parts)
    {
        var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            hasher.AppendData(Encoding.UTF8.GetBytes(part ?? "\u0000"));
            hasher.AppendData([1]);
        }
        return Convert.ToHexString(hasher.GetHashAndReset())[..32];
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private sealed record ImportedUser(string Id, string Login, string DisplayName);

    private sealed record ImportedMedia(string Path, string? Alt);

    /// <summary>One import's state: what it knows of the site's earlier imports, and what this run made.</summary>
    private sealed class Run(WordPressImportOptions options, ImportReport report, ContentDefinitionSet definitionSet)
    {
        public WordPressImportOptions Options { get; } = options;
        public ImportReport Report { get; } = report;
        public ContentDefinitionSet Definitions { get; } = definitionSet;
        public ContentTypeDefinition? ArticleType { get; } = definitionSet.ListedTypes.Select(definitionSet.FindType).FirstOrDefault();
        public Actor Actor { get; } = new(null, "import", Permissions.All) { Source = ChangeSources.Import };
        public string Site { get; set; } = "";
        public int Items { get; set; }
        public bool AuthorsDone { get; set; }
        public List<WxrAuthor> DeclaredAuthors { get; } = [];
        public List<WxrTerm> DeclaredTerms { get; } = [];
        public Dictionary<(string Domain, string Slug), string> UsedTerms { get; } = [];
        public Dictionary<(string Kind, long Id), ImportedItem> Known { get; } = [];
        public Dictionary<string, ImportedUser> Users { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Domain, string Slug), string> Terms { get; } = [];
        public Dictionary<long, ImportedMedia> MediaById { get; } = [];
        private readonly Dictionary<string, string> _mediaByUrl = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Old addresses that go to a fixed path here (archives, feeds, authors, files).</summary>
        public Dictionary<string, string> FixedRedirects { get; } = new(StringComparer.Ordinal)
        {
            ["/feed/"] = Cms.Site.SitePaths.Rss,
            ["/feed"] = Cms.Site.SitePaths.Rss,
        };

        public bool RedirectsChanged { get; set; }

        /// <summary>Posts and pages, and attachments, waiting to be written together.</summary>
        public int BatchSize { get; init; } = 200;
        public List<PostWork> PendingPosts { get; } = [];
        /// <summary>The batch of posts being written while the next is read (<see cref="FlushPostsAsync"/>).</summary>
        public Task<List<WrittenPost>>? Writing { get; set; }
        public List<AttachmentWork> PendingAttachments { get; } = [];

        /// <summary>The last change-feed sequence this run wrote: what its end waits for this node to have applied.</summary>
        public long LastSequence { get; set; }

        public void RememberMedia(WxrItem attachment, string path, string? alt)
        {
            MediaById[attachment.Id] = new ImportedMedia(path, alt);
            if (attachment.AttachmentUrl is { } url) _mediaByUrl[UrlKey(url)] = path;
        }

        public Func<string, string?> MediaUrlFor => url =>
            _mediaByUrl.TryGetValue(UrlKey(url), out var path) || _mediaByUrl.TryGetValue(UrlKey(SizeVariant.Replace(url, "$1")), out path)
                ? MediaUrls.Prefix + path : null;

        private static string UrlKey(string url) => url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];

        /// <summary><c>photo-300x200.jpg</c>, a size WordPress made of <c>photo.jpg</c>.</summary>
        private static readonly System.Text.RegularExpressions.Regex SizeVariant = new(@"-\d+x\d+(\.[A-Za-z0-9]+)$", System.Text.RegularExpressions.RegexOptions.Compiled);
    }
}

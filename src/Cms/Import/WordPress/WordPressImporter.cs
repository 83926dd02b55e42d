using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Changes;
using Cms.Content;
using Cms.Content.Definitions;
using Cms.Data;
using Cms.Media;
using Cms.Parts.Autoroute;
using Cms.Parts.Taxonomy;
using Cms.Redirects;
using Cms.Security;
using Cms.Workflow;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

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
public sealed class WordPressImporter(IServiceScopeFactory scopes, ContentDefinitionStore definitions, TimeProvider clock, ILogger<WordPressImporter> log)
{
    public async Task<ImportReport> RunAsync(WordPressImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var run = new Run(options, new ImportReport { DryRun = options.DryRun, StartedUtc = Now() }, definitions.Current);
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
                    if (item.Type == "attachment") await ImportAttachmentAsync(run, item);
                    break;
            }
        }, cancellationToken);
        if (!run.AuthorsDone) await ImportAuthorsAsync(run);
        await ImportTermsAsync(run, FieldRoles.Category, "category", ImportedKinds.Category, cancellationToken);
        await ImportTermsAsync(run, FieldRoles.Tags, "post_tag", ImportedKinds.Tag, cancellationToken);

        await ReadAsync(options.ExportPath, 2, progress, run, async record =>
        {
            if (record is not WxrItem item) return;
            switch (item.Type)
            {
                case "post":
                case "page":
                    run.Report.NotImportedOne("comment", item.Comments);
                    await ImportPostAsync(run, item);
                    break;
                case "attachment":
                    break;
                default:
                    run.Report.NotImportedOne(item.Type);
                    break;
            }
        }, cancellationToken);
        if (!options.DryRun) await SaveRedirectsAsync(run, cancellationToken);
        run.Report.FinishedUtc = Now();
        return run.Report;
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

    /// <summary>The item's WordPress permalink (path only), and <c>?p=</c> (and <c>?page_id=</c> for a page), to the item.</summary>
    private async Task SaveItemRedirectsAsync(CmsDbContext db, Run run, WxrItem wp, string contentItemId)
    {
        var keys = new List<string> { $"/?p={wp.Id}" };
        if (wp.Type == "page") keys.Add($"/?page_id={wp.Id}");
        if (RedirectPaths.FromUrl(wp.Link) is { } link && link != "/" && !keys.Contains(link)) keys.Add(link);
        foreach (var key in keys)
        {
            var row = await db.Set<Redirect>().FindAsync(key);
            if (row is null) db.Add(new Redirect { OldPath = key, TargetContentItemId = contentItemId, CreatedUtc = Now() });
            else if (row.TargetContentItemId != contentItemId)
            {
                row.TargetContentItemId = contentItemId;
                row.TargetPath = null;
            }
            else continue;
            run.RedirectsChanged = true;
        }
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
        var part = item.GetOrCreatePart("TaxonomyPart");
        if (part["Terms"] is not JsonArray terms) part["Terms"] = terms = [];
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
        foreach (var (key, termId, hash) in mappings) Track(db, run, key, termId, null, hash);
        await transaction.CommitAsync(cancellationToken);
    }

    private static bool IsDomain(WxrTerm term, string domain) => term.Kind == (domain == "category" ? WxrTermKind.Category : WxrTermKind.Tag);

    private void Track(CmsDbContext db, Run run, (string Kind, long Id) key, string targetId, string? versionId, string hash)
    {
        var row = run.Known.TryGetValue(key, out var known) ? known : null;
        var entity = row is null ? new ImportedItem { Site = run.Site, Kind = key.Kind, ForeignId = key.Id } : new ImportedItem { Site = row.Site, Kind = row.Kind, ForeignId = row.ForeignId };
        entity.TargetId = targetId;
        entity.VersionId = versionId;
        entity.Hash = hash;
        entity.ImportedUtc = Now();
        if (row is null) db.Add(entity);
        else db.Update(entity);
        run.Known[key] = entity;
    }

    private async Task ImportAttachmentAsync(Run run, WxrItem item)
    {
        void RedirectFile(string path)
        {
            if (Uri.TryCreate(item.AttachmentUrl, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith(RedirectPaths.UploadsPrefix, StringComparison.Ordinal))
            {
                run.FixedRedirects[uri.AbsolutePath] = MediaUrls.Prefix + path;
            }
        }
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
            RedirectFile(row.TargetId);
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
            Track(updateDb, run, key, row.TargetId, null, hash);
            await transaction.CommitAsync();
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var uploader = scope.ServiceProvider.GetRequiredService<MediaUploader>();
        var folderName = Path.GetDirectoryName(relative)?.Replace('\\', '/');
        var actor = new Actor(owner?.Id ?? "import", owner?.Login ?? run.Actor.UserName, Permissions.All) { Source = ChangeSources.Import };
        var bytes = await File.ReadAllBytesAsync(file);
        // A run killed after the file was stored but before its row here: take that file rather than store it twice.
        var expected = MediaPaths.Combine(MediaPaths.NormalizeFolder(folderName ?? ""), Path.GetFileName(relative)!);
        var stored = await db.Set<MediaAsset>().AsNoTracking().FirstOrDefaultAsync(m => m.Path == expected && m.Length == bytes.Length);
        if (stored is null)
        {
            var uploaded = await uploader.UploadAsync(new MediaUpload(Path.GetFileName(relative), folderName, alt, caption, null, null), bytes, actor);
            if (!uploaded.Succeeded)
            {
                run.Report.Skip(ImportedKinds.Attachment, item.Id, item.Title, uploaded.Refusal!.Detail ?? uploaded.Refusal.Title);
                return;
            }
            stored = uploaded.Value!;
        }
        await SaveMappingAsync(db, run, key, stored.Path, null, hash);
        run.RememberMedia(item, stored.Path, alt);
        RedirectFile(stored.Path);
        counts.Imported++;
    }

    /// <summary>The file's path under <c>wp-content/uploads/</c> (or, on WordPress.com, the address's path).</summary>
    internal static string? UploadPath(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var marker = path.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        path = marker >= 0 ? path[(marker + "/wp-content/uploads/".Length)..] : path.TrimStart('/');
        return path.Length == 0 || path.Split('/').Any(s => s is ".." or ".") ? null : path;
    }

    private async Task ImportPostAsync(Run run, WxrItem wp)
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

        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var lifecycle = services.GetRequiredService<ContentLifecycle>();
        var db = services.GetRequiredService<CmsDbContext>();
        var actor = run.Actor;
        try
        {
            await using var transaction = await lifecycle.BeginAsync();
            Outcome<ContentItem> written;
            ContentVersions? current = row is null ? null : await lifecycle.LoadAsync(row.TargetId);
            if (row is not null && current is null)
            {
                run.Report.Skip(kind, wp.Id, wp.Title, "deleted here since its last import: left deleted.");
                return;
            }
            if (current is not null)
            {
                if (current.Latest.ContentItemVersionId != row!.VersionId && !run.Options.Overwrite)
                {
                    counts.Kept++;
                    run.Report.Kept.Add(new ReportLine(kind, wp.Id.ToString(), wp.Title, "edited here since its last import: left alone (--overwrite replaces it)."));
                    return;
                }
                written = await lifecycle.ImportUpdateAsync(current, item, actor);
            }
            else
            {
                written = await lifecycle.ImportAsync(item, type, actor);
                if (!written.Succeeded && IsPathTaken(written.Refusal!))
                {
                    // Another item here (or another post of the export) has the slug: keep the post, under a path of its own.
                    item.Content["AutoroutePart"] = new JsonObject { ["Path"] = $"{Slug.From(PathOf(item))}-{wp.Id}" };
                    item.ContentItemId = "";
                    written = await lifecycle.ImportAsync(item, type, actor);
                    if (written.Succeeded) run.Report.Note(kind, wp.Id, wp.Title, $"its slug was taken here: imported as '{PathOf(written.Value!)}'.");
                }
            }
            if (!written.Succeeded)
            {
                run.Report.Skip(kind, wp.Id, wp.Title, Describe(written.Refusal!));
                return;
            }
            Track(db, run, key, written.Value!.ContentItemId, written.Value.ContentItemVersionId, hash);
            await SaveItemRedirectsAsync(db, run, wp, written.Value.ContentItemId);
            await transaction.CommitAsync();
            if (row is null) counts.Imported++;
            else counts.Updated++;
            Findings(run, kind, wp, findings);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            // One bad item never stops the import.
            log.LogWarning(e, "WordPress item {Id} could not be imported", wp.Id);
            run.Known.Remove(key);
            if (row is not null) run.Known[key] = row;
            run.Report.Skip(kind, wp.Id, wp.Title, $"the database refused it: {e.GetBaseException().Message}");
        }
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
        item.Content["HtmlBodyPart"] = new JsonObject { ["Html"] = WordPressHtml.Convert(wp.Content, run.MediaUrlFor, findings) };
        var defs = run.Definitions;
        if (defs.Role(type.Name, FieldRoles.Standfirst) is { } standfirst && wp.Excerpt.Trim().Length > 0)
        {
            Set(item, standfirst, new JsonObject { ["Text"] = System.Net.WebUtility.HtmlDecode(TagPattern.Replace(wp.Excerpt, "")).Trim() });
        }
        if (defs.Role(type.Name, FieldRoles.Byline) is { } byline && author is not null) Set(item, byline, new JsonObject { ["Text"] = author.DisplayName });
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

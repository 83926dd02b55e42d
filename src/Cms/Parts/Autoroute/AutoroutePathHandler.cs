using Cms.Content;

namespace Cms.Parts.Autoroute;

/// <summary>
/// The Autoroute part in the lifecycle: a version about to be written claims its path (taking a numeric suffix when
/// another item holds it), and once the rows are saved the item lets go of the paths neither its latest nor its
/// published version uses any more.
/// </summary>
public sealed class AutoroutePathHandler : ContentHandler
{
    public override Task CreatingAsync(ContentContext context) => ClaimAsync(context);
    public override Task UpdatingAsync(ContentContext context) => ClaimAsync(context);
    public override Task PublishingAsync(ContentContext context) => ClaimAsync(context);

    public override Task UpdatedAsync(ContentContext context) => ReleaseAsync(context);
    // A new item holds only the path it has just claimed: nothing to let go of (two statements saved per item an import writes).
    public override Task PublishedAsync(ContentContext context) => context.IsNew ? Task.CompletedTask : ReleaseAsync(context);
    public override Task UnpublishedAsync(ContentContext context) => ReleaseAsync(context);
    public override Task RemovedAsync(ContentContext context) => ReleaseAsync(context);

    private static async Task ClaimAsync(ContentContext context)
    {
        if (context.Item.Part("AutoroutePart") is not { } autoroute || autoroute["Path"]?.GetValue<string>() is not { Length: > 0 } path) return;
        autoroute["Path"] = await AutoroutePathClaims.ClaimAsync(context.Db, context.Item.ContentItemId, path);
    }

    private static Task ReleaseAsync(ContentContext context) => AutoroutePathClaims.ReleaseUnusedAsync(context.Db, context.Item.ContentItemId);
}

namespace Cms.Security;

/// <summary>Orchard-style permission names, granted to roles (the recipe's Roles step).</summary>
public static class Permissions
{
    public const string ViewContent = nameof(ViewContent);
    public const string PreviewContent = nameof(PreviewContent);
    public const string EditOwnContent = nameof(EditOwnContent);
    public const string EditContent = nameof(EditContent);
    public const string SubmitForReview = nameof(SubmitForReview);
    public const string PublishContent = nameof(PublishContent);
    public const string DeleteOwnContent = nameof(DeleteOwnContent);
    public const string DeleteContent = nameof(DeleteContent);
    public const string ManageCategories = nameof(ManageCategories);
    public const string ManageUsers = nameof(ManageUsers);
    public const string ManageRecipes = nameof(ManageRecipes);

    /// <summary>Exporting the whole site as a recipe (<c>/api/recipes/export</c>): every draft, every type, every role's permissions.</summary>
    public const string ExportContent = nameof(ExportContent);
    public const string ManageSearchIndexes = nameof(ManageSearchIndexes);
    public const string ViewChangeFeed = nameof(ViewChangeFeed);
    public const string ManageWebhooks = nameof(ManageWebhooks);

    /// <summary>Create, change and revoke integration clients (<c>/api/clients</c>, "Clients d'intégration").</summary>
    public const string ManageClients = nameof(ManageClients);

    /// <summary>Importing another site's export from the admin (<c>/admin/import</c>, "Importer"): users, terms, media and content in bulk.</summary>
    public const string ImportContent = nameof(ImportContent);

    /// <summary>Reading the Prometheus metrics on the site's own port (Cms:Telemetry:Prometheus).</summary>
    public const string ViewMetrics = nameof(ViewMetrics);

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ViewContent, PreviewContent, EditOwnContent, EditContent, SubmitForReview, PublishContent,
        DeleteOwnContent, DeleteContent, ManageCategories, ManageUsers, ManageRecipes, ExportContent,
        ManageSearchIndexes, ViewChangeFeed, ManageClients, ManageWebhooks, ViewMetrics, ImportContent,
    };

    /// <summary>
    /// What lets its holder make accounts or give permissions: a client holds one only when it is named for it, never
    /// as part of a broader grant.
    /// </summary>
    public static readonly IReadOnlySet<string> AccountManagement = new HashSet<string>(StringComparer.Ordinal) { ManageUsers, ManageClients };

    /// <summary>The claim type under which a role's permissions are stored.</summary>
    public const string ClaimType = "Permission";
}

public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string Editor = nameof(Editor);
    public const string Author = nameof(Author);

    /// <summary>The pseudo-roles every reader and every signed-in user have, as in Orchard Core.</summary>
    public const string Anonymous = nameof(Anonymous);
    public const string Authenticated = nameof(Authenticated);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cms.OpenApi;

// The shapes of the bodies the handlers read or write by hand (JSON objects built member by member, anonymous objects),
// for the OpenAPI document only: nothing serializes them. Their names are the document's schema names. Members are
// camelCase like the API's JSON (HttpJsonOptions' web defaults), except the Orchard-shaped content item's.

/// <summary>A refusal (RFC 9457 problem details). <c>errors</c> holds the messages by JSON path of the value at fault; a refusal may carry more members (the current state, the latest version id…).</summary>
public sealed record Problem(string Title, int Status, string? Type = null, string? Detail = null, string? Instance = null,
    IReadOnlyDictionary<string, string[]>? Errors = null, string? TraceId = null);

/// <summary>
/// A content item in Orchard Core's JSON shape: the metadata below, then one object per part, named after the part
/// (<c>TitlePart</c>, <c>AutoroutePart</c>, the type's own part holding its fields…). Each type's parts and fields are in
/// its own schema (<c>{Type}ContentItem</c>), chosen by <c>ContentType</c>.
/// </summary>
public sealed record ContentItemDocument(
    [property: JsonPropertyName("ContentItemId")] string ContentItemId,
    [property: JsonPropertyName("ContentItemVersionId")] string ContentItemVersionId,
    [property: JsonPropertyName("ContentType")] string ContentType,
    [property: JsonPropertyName("DisplayText")] string? DisplayText,
    [property: JsonPropertyName("Latest")] bool Latest,
    [property: JsonPropertyName("Published")] bool Published,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("PublishAtUtc")] DateTime? PublishAtUtc,
    [property: JsonPropertyName("CreatedUtc")] DateTime? CreatedUtc,
    [property: JsonPropertyName("ModifiedUtc")] DateTime? ModifiedUtc,
    [property: JsonPropertyName("PublishedUtc")] DateTime? PublishedUtc,
    [property: JsonPropertyName("Owner")] string? Owner,
    [property: JsonPropertyName("Author")] string? Author)
{
    /// <summary>The parts, by name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Parts { get; init; }
}

/// <summary>A page of content items, and where it is in the whole list.</summary>
public sealed record ContentPageDocument(IReadOnlyList<ContentItemDocument> Items, int Total, int Page, int PageSize);

/// <summary>What a workflow transition may carry: a comment for the audit trail, and when to publish (for a scheduling transition).</summary>
public sealed record TransitionBody(string? Comment = null, DateTime? PublishAtUtc = null);

/// <summary>A category's name, and its slug (made from the name when left out).</summary>
public sealed record CategoryBody(string Name, string? Slug = null);

/// <summary>The body of POST /api/tags.</summary>
public sealed record TagBody(string Name);

/// <summary>Where the category goes among its siblings (0 = first).</summary>
public sealed record CategoryMoveBody(int Position);

/// <summary>A list, in an object so that members can be added later.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>A new integration client: a name, and the permissions it gets (none when left out).</summary>
public sealed record ClientBody(string? Name = null, IReadOnlyList<string>? Permissions = null);

/// <summary>The client's permissions, replacing those it had.</summary>
public sealed record ClientPermissionsBody(IReadOnlyList<string> Permissions);

/// <summary>
/// The token request (RFC 6749): <c>grant_type=password</c> with <c>username</c> and <c>password</c>, or
/// <c>grant_type=client_credentials</c> with <c>client_id</c> and <c>client_secret</c> (or those in HTTP Basic).
/// </summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("username")] string? UserName = null,
    [property: JsonPropertyName("password")] string? Password = null,
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("client_secret")] string? ClientSecret = null);

/// <summary>Search results, and how many there are in each category.</summary>
public sealed record SearchResultsDocument(int Total, IReadOnlyList<SearchHitDocument> Items, SearchFacetsDocument Facets);

public sealed record SearchHitDocument(string ContentItemId, string Title, string Path, DateTime? PublishedUtc, string? Category, string? CategoryName, string Snippet);

public sealed record SearchFacetsDocument(IReadOnlyList<SearchFacetDocument> Category);

public sealed record SearchFacetDocument(string Slug, string Name, int Count);

/// <summary>Orchard's Lucene query: the index, and the query DSL as a JSON object (or as a string holding one).</summary>
public sealed record LuceneQueryBody(string IndexName, JsonNode Query);

public sealed record SearchIndexesDocument(IReadOnlyList<SearchIndexDocument> Indexes);

public sealed record SearchIndexDocument(string Name, string AnalyzerName, string? Culture, bool IndexLatest, IReadOnlyList<string> IndexedContentTypes,
    int? DocumentCount, long? Cursor, SearchRebuildDocument Rebuild);

public sealed record SearchRebuildDocument(string State, string? Error, DateTime? LastRebuildUtc);

/// <summary>A rebuild started (or already running): the index is swapped in whole when it is done.</summary>
public sealed record SearchRebuildStarted(string Name, string State, bool AlreadyRunning);

public sealed record RecipeDocument(string Name, string? DisplayName, string? Description, string? Version, bool IsSetupRecipe);

public sealed record RecipeRun(string Recipe, bool Ran);

/// <summary>A new user: their name, e-mail, password (10 characters or more) and roles.</summary>
public sealed record UserBody(string UserName, string Email, string Password, IReadOnlyList<string>? Roles = null);

/// <summary>A page of the change feed; <c>next</c> is the <c>after</c> of the next page; a reader whose <c>after</c> is behind <c>prunedThrough</c> missed entries.</summary>
public sealed record ChangesPageDocument(IReadOnlyList<ChangeDocument> Items, long Next, long PrunedThrough);

public sealed record ChangeDocument(long Sequence, string Event, string? ContentItemId, string? ContentItemVersionId, string? ContentType, string? Source,
    string? User, DateTime Utc, JsonNode? Data);

/// <summary>Where this node is in the change feed: the last sequence written, the last applied here, and the slowest of its caches and indexes.</summary>
public sealed record ChangesStatusDocument(long Last, long Applied, long StartedAt, long AppliedCount, long SearchApplied);

/// <summary>How long the link lasts, in minutes (the configured default when left out).</summary>
public sealed record PreviewLinkBody(int? ExpiresInMinutes = null);

/// <summary>A media file, its texts, and the URLs of its sizes (<c>srcset</c>).</summary>
public sealed record MediaDocument(string Path, string Url, string Folder, string FileName, string ContentType, long Size, int Width, int Height,
    string? Alt, string? Caption, string? Credit, string? Focus, string? UploadedBy, DateTime UploadedUtc, string Srcset);

public sealed record MediaListingDocument(string Folder, IReadOnlyList<string> Folders, IReadOnlyList<MediaDocument> Items);

/// <summary>An upload: the file, the folder it goes in, its texts, and its focal point (<c>rxy</c>: two numbers from 0 to 1, such as 0.5,0.3).</summary>
public sealed record MediaUploadForm(IFormFile File, string? Folder = null, string? Alt = null, string? Caption = null, string? Credit = null, string? Rxy = null);

/// <summary>The texts to change (a member left out is kept), and the focal point ("0.5,0.3", or null to remove it).</summary>
public sealed record MediaTextsBody(string? Alt = null, string? Caption = null, string? Credit = null, string? Focus = null);

/// <summary>A GraphQL request (GraphQL over HTTP): the document, its variables and which operation to run.</summary>
public sealed record GraphQLRequestBody(string Query, JsonObject? Variables = null, string? OperationName = null);

/// <summary>A GraphQL answer: what the query read, and what went wrong in it.</summary>
public sealed record GraphQLResponseBody(JsonObject? Data = null, IReadOnlyList<GraphQLErrorDocument>? Errors = null);

public sealed record GraphQLErrorDocument(string Message, JsonArray? Locations = null, JsonArray? Path = null, JsonObject? Extensions = null);

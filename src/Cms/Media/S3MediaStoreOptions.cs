namespace Cms.Media;

/// <summary>Where uploaded originals are kept (<c>Cms:Media:Store</c>).</summary>
public enum MediaStoreKind
{
    /// <summary>Under <c>&lt;DataPath&gt;/media</c>: enough for one web node, or for nodes that share the data folder.</summary>
    Local,

    /// <summary>In an S3 bucket (AWS or an S3-compatible server) that every web node reads.</summary>
    S3,
}

/// <summary>
/// The <c>Cms:Media:S3</c> section: the bucket that holds the originals when several web nodes sit behind a load
/// balancer, so that a file uploaded through one node is served by all of them. Only read when <c>Cms:Media:Store</c>
/// is <c>S3</c>.
/// </summary>
public sealed class S3MediaStoreOptions
{
    /// <summary>
    /// The endpoint of an S3-compatible server (MinIO, s3rver: <c>http://127.0.0.1:4569</c>); empty for AWS itself,
    /// where the endpoint follows from <see cref="Region"/>.
    /// </summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>Required: the bucket must exist already, the CMS does not create it (its policy is the operator's call).</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Signs the requests, and chooses the AWS endpoint when <see cref="ServiceUrl"/> is empty.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// With <see cref="SecretKey"/>, a fixed key pair. Both empty: the SDK's default credential chain (environment
    /// variables, the shared profile, the role of the container or instance), so that keys need not be in settings on AWS.
    /// </summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>
    /// <c>http://server/bucket/key</c> rather than <c>http://bucket.server/key</c>. Unset: true with a
    /// <see cref="ServiceUrl"/> (S3-compatible servers on a plain host name or IP address need it), false on AWS.
    /// </summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Keys are <c>&lt;Prefix&gt;/&lt;media path&gt;</c>, so that one bucket can hold several sites or other data.</summary>
    public string Prefix { get; set; } = "";
}

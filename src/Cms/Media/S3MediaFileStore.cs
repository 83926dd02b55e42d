using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.S3.Model;
using Cms.Data;

namespace Cms.Media;

/// <summary>
/// Media files in an S3 bucket (AWS or an S3-compatible server), so that every web node behind a load balancer serves
/// the same originals; the key of a file is its media path under <see cref="S3MediaStoreOptions.Prefix"/>.
/// </summary>
/// <remarks>
/// S3 has no create-if-absent that every S3-compatible server honours (s3rver ignores <c>If-None-Match</c> on PUT), so
/// <see cref="TryCreateAsync"/> cannot be the arbiter between two uploads of one name: <see cref="MediaUploader"/> claims
/// the path in the database first, and only the claim's owner writes the object.
/// </remarks>
internal sealed class S3MediaFileStore(AmazonS3Client client, string bucket, string prefix) : IMediaFileStore, IDisposable
{
    /// <summary>Objects up to this size are buffered in memory; larger ones in a temporary file, to bound memory under load.</summary>
    internal const long MemoryBufferLimit = 1024 * 1024;

    /// <summary>The store for <paramref name="options"/>; a setting that cannot work stops the start, naming it.</summary>
    public static S3MediaFileStore Create(S3MediaStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new CmsStartupException("Cms:Media:Store is S3 but Cms:Media:S3:Bucket is not set: set it to an existing bucket " +
                "(environment Cms__Media__S3__Bucket), or set Cms:Media:Store to Local.");
        }
        var region = string.IsNullOrWhiteSpace(options.Region) ? "us-east-1" : options.Region.Trim();
        var config = new AmazonS3Config
        {
            // An explicit region: otherwise the SDK looks for one in the environment, then asks the EC2 metadata service.
            RegionEndpoint = RegionEndpoint.GetBySystemName(region),
            // SDK 4 adds a CRC32 checksum to every upload and validates checksums on downloads by default; only what a
            // request requires is what every S3-compatible server understands. Uploads still carry the SigV4 SHA-256 of their body.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            if (!Uri.TryCreate(options.ServiceUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new CmsStartupException($"Cms:Media:S3:ServiceUrl '{options.ServiceUrl}' is not an http(s) URL such as http://127.0.0.1:4569.");
            }
            // Setting the URL clears the region endpoint: the region is then only what requests are signed for.
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }
        config.ForcePathStyle = options.ForcePathStyle ?? !string.IsNullOrWhiteSpace(options.ServiceUrl);
        var key = Prefix(options.Prefix);
        return new S3MediaFileStore(new AmazonS3Client(Credentials(options, config), config), options.Bucket.Trim(), key);
    }

    public async Task<MediaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(bucket, Key(path), cancellationToken);
            return new MediaFileInfo(path, metadata.ContentLength, Utc(metadata.LastModified));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The whole object, read before returning: callers need a seekable stream (the image decoder, range requests), and
    /// a response stream held open while a client downloads slowly would hold a connection of the SDK's pool.
    /// </summary>
    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(bucket, Key(path), cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        using (response)
        {
            var length = response.ContentLength;
            Stream buffer = length <= MemoryBufferLimit ? new MemoryStream((int)Math.Max(length, 0)) : TemporaryFile();
            try
            {
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
                if (buffer.Length != length) throw new IOException($"Media '{path}' was cut short: {buffer.Length} of {length} bytes read from the bucket.");
                buffer.Position = 0;
                return buffer;
            }
            catch
            {
                await buffer.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Writes the object unless one has that key. The check and the write are two requests, so this only keeps a
    /// claimed name from overwriting a file left behind (a delete in flight, an orphan); the database decides who
    /// may write a name (see <see cref="MediaUploader"/>).
    /// </summary>
    public async Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        if (await GetInfoAsync(path, cancellationToken) is not null) return false;
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = Key(path),
            InputStream = content,
            AutoCloseStream = false,
            ContentType = MediaType.FromExtension(path)?.ContentType ?? "application/octet-stream",
            // s3rver stores an aws-chunked body as it came, chunk signatures included, and answers 200: the object would
            // be corrupt. A plain body is understood everywhere, and it is in memory anyway.
            UseChunkEncoding = false,
        }, cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        // S3 answers a delete of a missing key with success: the look-up is what tells the caller whether there was a file.
        if (await GetInfoAsync(path, cancellationToken) is null) return false;
        await client.DeleteObjectAsync(bucket, Key(path), cancellationToken);
        return true;
    }

    public void Dispose() => client.Dispose();

    private string Key(string path) => prefix + path;

    /// <summary>"" or "site-a/" from " /site-a/ ": keys never start with a slash, and the prefix is a folder of its own.</summary>
    private static string Prefix(string? prefix)
    {
        var trimmed = (prefix ?? "").Trim().Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    private static DateTimeOffset Utc(DateTime? time) => time switch
    {
        null => DateTimeOffset.UnixEpoch,
        { Kind: DateTimeKind.Unspecified } t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        { } t => new DateTimeOffset(t.ToUniversalTime()),
    };

    /// <summary>A temporary file that the system removes when the stream is closed, even if the reader forgets to.</summary>
    private static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), "cms-media-" + Guid.NewGuid().ToString("n") + ".tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>The key pair from the settings, or the SDK's default chain, resolved now so that a node without credentials does not start.</summary>
    private static AWSCredentials Credentials(S3MediaStoreOptions options, AmazonS3Config config)
    {
        var hasAccessKey = !string.IsNullOrWhiteSpace(options.AccessKey);
        var hasSecretKey = !string.IsNullOrWhiteSpace(options.SecretKey);
        if (hasAccessKey && hasSecretKey) return new BasicAWSCredentials(options.AccessKey.Trim(), options.SecretKey.Trim());
        if (hasAccessKey || hasSecretKey)
        {
            var (set, missing) = hasAccessKey ? ("AccessKey", "SecretKey") : ("SecretKey", "AccessKey");
            throw new CmsStartupException($"Cms:Media:S3:{set} is set but Cms:Media:S3:{missing} is not: set both, or neither to use the " +
                "AWS SDK's default credentials (environment variables, shared profile, container or instance role).");
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            return new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(config, timeout.Token);
        }
        catch (Exception e) when (e is AmazonClientException or OperationCanceledException)
        {
            throw new CmsStartupException("Cms:Media:Store is S3 but Cms:Media:S3:AccessKey and Cms:Media:S3:SecretKey are not set and the AWS SDK " +
                $"found no credentials of its own (environment, shared profile, container or instance role): {e.Message}", e);
        }
    }
}

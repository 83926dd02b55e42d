using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;

namespace Cms.Search;

/// <summary>
/// Lucene 4.6's codec with smaller stored-field blocks. The one stored field is the body (for snippets); Lucene's
/// default compresses documents together in 16 KB blocks, so reading one article's body decompressed three or four
/// articles. Blocks of <see cref="BlockSize"/> hold one or two articles: the ten bodies of a results page are read
/// in about a third of the time, for a slightly larger index.
/// </summary>
[CodecName("CmsNews48")]
public sealed class NewsCodec : FilterCodec
{
    public const int BlockSize = 4 * 1024;

    private static readonly StoredFieldsFormat Stored = new CompressingStoredFieldsFormat("CmsNewsStoredFields", CompressionMode.FAST, BlockSize);

    public NewsCodec() : base(new Lucene46Codec())
    {
    }

    public override StoredFieldsFormat StoredFieldsFormat => Stored;

    private static readonly Lazy<bool> Registration = new(() =>
    {
        // Segments name their codec; reading one written by this codec needs it known by name, process-wide.
        Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(NewsCodec)] });
        return true;
    });

    /// <summary>Makes the codec known to Lucene; called before any index is opened (any number of times).</summary>
    public static void Register() => _ = Registration.Value;
}

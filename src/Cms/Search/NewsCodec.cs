using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Cms.Search;

/// <summary>
/// Lucene 4.6's codec with smaller stored-field blocks, read in one go. Since layout 5 of <see cref="SearchDocuments"/>
/// nothing is stored (the body moved to doc values), but segments name their codec: it stays registered and in use so
/// that a generation written before is opened, found outdated and built again, and so that a stored field added one
/// day is read in small blocks. Lucene's default compresses documents together in 16 KB blocks; blocks of
/// <see cref="BlockSize"/> hold one or two articles, compressed with <see cref="BulkLz4"/>.
/// </summary>
[CodecName("CmsNews48")]
public sealed class NewsCodec : FilterCodec
{
    public const int BlockSize = 4 * 1024;

    // The format's name is written in every segment: a segment written with Lucene's own LZ4 layout ("CmsNewsStoredFields")
    // is refused rather than misread (SearchDocuments.Layout makes such an index be built again before it is opened).
    private static readonly StoredFieldsFormat Stored = new CompressingStoredFieldsFormat("CmsNewsBulkLz4", BulkLz4.Instance, BlockSize);

    public NewsCodec() : base(new WithPlainBinaryValues())
    {
    }

    /// <summary>Lucene 4.6's formats, but for the binary doc values a results page reads (<see cref="PlainBinaryDocValuesFormat"/>).</summary>
    private sealed class WithPlainBinaryValues : Lucene46Codec
    {
        public override DocValuesFormat GetDocValuesFormatForField(string field) =>
            SearchDocuments.BinaryFields.Contains(field) ? PlainBinaryDocValuesFormat.Instance : base.GetDocValuesFormatForField(field);
    }

    public override StoredFieldsFormat StoredFieldsFormat => Stored;

    private static readonly Lazy<bool> Registration = new(() =>
    {
        // Segments name their codec; reading one written by this codec needs it known by name, process-wide.
        Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(NewsCodec)] });
        DocValuesFormat.SetDocValuesFormatFactory(new DefaultDocValuesFormatFactory { CustomDocValuesFormatTypes = [typeof(PlainBinaryDocValuesFormat)] });
        return true;
    });

    /// <summary>Makes the codec known to Lucene; called before any index is opened (any number of times).</summary>
    public static void Register() => _ = Registration.Value;
}

/// <summary>
/// LZ4 as Lucene's FAST mode writes it, with the compressed length in front, so that a block is read from the file in
/// one call and decompressed from memory. Lucene's decoder reads the memory-mapped file a byte at a time, each byte a
/// bounds check and a safe-handle reference count: reading the ten bodies of a results page that way was half the
/// CPU of a search. Same compression ratio, so the same index size and memory.
/// </summary>
public sealed class BulkLz4 : CompressionMode
{
    public static readonly BulkLz4 Instance = new();

    private BulkLz4()
    {
    }

    public override Compressor NewCompressor() => new Lz4Compressor();

    public override Decompressor NewDecompressor() => new Lz4Decompressor();

    public override string ToString() => "BulkLz4";

    private sealed class Lz4Compressor : Compressor
    {
        private readonly LZ4.HashTable _table = new();
        private byte[] _buffer = [];

        public override void Compress(byte[] bytes, int off, int len, DataOutput output)
        {
            // LZ4's worst case: the input, a length byte per 255 literals, and a token.
            var bound = len + len / 255 + 16;
            if (_buffer.Length < bound) _buffer = new byte[ArrayUtil.Oversize(bound, 1)];
            var compressed = new ByteArrayDataOutput(_buffer);
            LZ4.Compress(bytes, off, len, compressed, _table);
            output.WriteVInt32(compressed.Position);
            output.WriteBytes(_buffer, 0, compressed.Position);
        }
    }

    // One per stored-fields reader (the reader clones it per thread): its buffer is reused from block to block.
    private sealed class Lz4Decompressor : Decompressor
    {
        private byte[] _compressed = [];

        public override void Decompress(DataInput input, int originalLength, int offset, int length, BytesRef bytes)
        {
            var size = input.ReadVInt32();
            if (size < 0) throw new CorruptIndexException($"Corrupted: compressed length {size} (resource={input})");
            if (_compressed.Length < size) _compressed = new byte[ArrayUtil.Oversize(size, 1)];
            input.ReadBytes(_compressed, 0, size);
            if (bytes.Bytes.Length < originalLength) bytes.Bytes = new byte[ArrayUtil.Oversize(originalLength, 1)];
            try
            {
                Lz4Block.Decode(_compressed.AsSpan(0, size), bytes.Bytes.AsSpan(0, originalLength), offset + length);
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException)
            {
                throw new CorruptIndexException($"Corrupted: LZ4 block overruns its bounds (resource={input})", e);
            }
            bytes.Offset = offset;
            bytes.Length = length;
        }

        public override object Clone() => new Lz4Decompressor();
    }
}

/// <summary>
/// Decoding of an LZ4 block as Lucene's <see cref="LZ4"/> writes it, from memory: Lucene's decoder takes its input
/// through a virtual call per byte, which made it four times slower than this loop over a span.
/// </summary>
public static class Lz4Block
{
    private const int MinMatch = 4;

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/> until at least <paramref name="wanted"/> bytes are out; returns how many.</summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination, int wanted)
    {
        var from = 0;
        var to = 0;
        while (true)
        {
            int token = source[from++];
            var literals = token >> 4;
            if (literals == 0x0F) literals += ExtraLength(source, ref from);
            source.Slice(from, literals).CopyTo(destination[to..]);
            from += literals;
            to += literals;
            if (to >= wanted) return to;

            var distance = source[from] | source[from + 1] << 8;
            from += 2;
            var length = token & 0x0F;
            if (length == 0x0F) length += ExtraLength(source, ref from);
            length += MinMatch;
            var start = to - distance;
            if (distance <= 0 || start < 0) throw new ArgumentException("An LZ4 match points before the block.");
            if (distance >= length) destination.Slice(start, length).CopyTo(destination[to..]);
            else
            {
                // The match overlaps what it writes: a run, copied forwards a byte at a time.
                for (var i = 0; i < length; i++) destination[to + i] = destination[start + i];
            }
            to += length;
            if (to >= wanted) return to;
        }
    }

    private static int ExtraLength(ReadOnlySpan<byte> source, ref int from)
    {
        var extra = 0;
        byte next;
        do
        {
            next = source[from++];
            extra += next;
        }
        while (next == 0xFF);
        return extra;
    }
}

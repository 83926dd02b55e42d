using System.Text;
using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Cms.Search;

/// <summary>
/// Binary doc values written as they are: each field's values one after the other, then the offset where each
/// document's value ends. What a results page shows (id, title, path, standfirst, body) is read from these. Lucene's own
/// format allocates a new array for every value it hands out (its consumers may keep it); a results page read ten bodies
/// and fifty short strings that way, a quarter of what a search allocated. Here a value is read into the caller's buffer
/// (<see cref="Values.Read"/>) or decoded straight into a string (<see cref="Values.ReadString"/>).
/// </summary>
[DocValuesFormatName(FormatName)]
public sealed class PlainBinaryDocValuesFormat : DocValuesFormat
{
    public const string FormatName = "CmsPlainBinary";
    private const string DataExtension = "cpbd";
    private const string MetaExtension = "cpbm";
    private const string DataCodec = "CmsPlainBinaryData";
    private const string MetaCodec = "CmsPlainBinaryMeta";
    private const int Version = 0;

    public static readonly PlainBinaryDocValuesFormat Instance = new();

    public override DocValuesConsumer FieldsConsumer(SegmentWriteState state) => new Consumer(state);

    public override DocValuesProducer FieldsProducer(SegmentReadState state) => new Producer(state);

    private sealed class Consumer : DocValuesConsumer
    {
        private readonly IndexOutput _data;
        private readonly IndexOutput _meta;
        private readonly int _maxDoc;

        public Consumer(SegmentWriteState state)
        {
            _maxDoc = state.SegmentInfo.DocCount;
            _data = state.Directory.CreateOutput(IndexFileNames.SegmentFileName(state.SegmentInfo.Name, state.SegmentSuffix, DataExtension), state.Context);
            _meta = state.Directory.CreateOutput(IndexFileNames.SegmentFileName(state.SegmentInfo.Name, state.SegmentSuffix, MetaExtension), state.Context);
            CodecUtil.WriteHeader(_data, DataCodec, Version);
            CodecUtil.WriteHeader(_meta, MetaCodec, Version);
        }

        public override void AddBinaryField(FieldInfo field, IEnumerable<BytesRef> values)
        {
            var start = _data.Position;
            var ends = new long[_maxDoc];
            var doc = 0;
            foreach (var value in values)
            {
                // A document without the field has an empty value.
                if (value is not null && value.Length > 0) _data.WriteBytes(value.Bytes, value.Offset, value.Length);
                ends[doc++] = _data.Position - start;
            }
            if (doc != _maxDoc) throw new InvalidOperationException($"{field.Name}: {doc} values for {_maxDoc} documents.");
            var offsets = _data.Position;
            foreach (var end in ends) _data.WriteInt64(end);
            _meta.WriteVInt32(field.Number);
            _meta.WriteVInt64(start);
            _meta.WriteVInt64(offsets);
        }

        public override void AddNumericField(FieldInfo field, IEnumerable<long?> values) => throw Unsupported(field);

        public override void AddSortedField(FieldInfo field, IEnumerable<BytesRef> values, IEnumerable<long?> docToOrd) => throw Unsupported(field);

        public override void AddSortedSetField(FieldInfo field, IEnumerable<BytesRef> values, IEnumerable<long?> docToOrdCount, IEnumerable<long?> ords) =>
            throw Unsupported(field);

        private static NotSupportedException Unsupported(FieldInfo field) =>
            new($"{FormatName} holds binary doc values only; '{field.Name}' needs another format.");

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            try
            {
                _meta.WriteVInt32(-1);
                CodecUtil.WriteFooter(_meta);
                CodecUtil.WriteFooter(_data);
            }
            finally
            {
                _meta.Dispose();
                _data.Dispose();
            }
        }
    }

    private sealed class Producer : DocValuesProducer
    {
        private readonly IndexInput _data;
        private readonly Dictionary<int, (long Start, long Offsets)> _fields = [];
        private readonly int _maxDoc;

        public Producer(SegmentReadState state)
        {
            _maxDoc = state.SegmentInfo.DocCount;
            var metaName = IndexFileNames.SegmentFileName(state.SegmentInfo.Name, state.SegmentSuffix, MetaExtension);
            using (var meta = state.Directory.OpenChecksumInput(metaName, state.Context))
            {
                CodecUtil.CheckHeader(meta, MetaCodec, Version, Version);
                for (var number = meta.ReadVInt32(); number != -1; number = meta.ReadVInt32()) _fields[number] = (meta.ReadVInt64(), meta.ReadVInt64());
                CodecUtil.CheckFooter(meta);
            }
            _data = state.Directory.OpenInput(IndexFileNames.SegmentFileName(state.SegmentInfo.Name, state.SegmentSuffix, DataExtension), state.Context);
            try
            {
                CodecUtil.CheckHeader(_data, DataCodec, Version, Version);
                // The footer is where it should be (its checksum is verified by CheckIntegrity, which reads the whole file).
                CodecUtil.RetrieveChecksum(_data);
            }
            catch
            {
                _data.Dispose();
                throw;
            }
        }

        // Lucene keeps what this returns per thread and field: each thread reads through its own clone of the file.
        public override BinaryDocValues GetBinary(FieldInfo field) =>
            _fields.TryGetValue(field.Number, out var at) ? new Values((IndexInput)_data.Clone(), at.Start, at.Offsets)
                : throw new InvalidOperationException($"No {FormatName} values for '{field.Name}'.");

        public override IBits GetDocsWithField(FieldInfo field) => new Bits.MatchAllBits(_maxDoc);

        public override NumericDocValues GetNumeric(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override SortedDocValues GetSorted(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override SortedSetDocValues GetSortedSet(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override long RamBytesUsed() => _fields.Count * 32L;

        public override void CheckIntegrity() => CodecUtil.ChecksumEntireFile(_data);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _data.Dispose();
        }
    }

    /// <summary>One field's values in one segment, for one thread.</summary>
    public sealed class Values(IndexInput input, long start, long offsets) : BinaryDocValues
    {
        /// <summary>A copy of the value, in a new array, as Lucene's consumers expect (they may keep it).</summary>
        public override void Get(int docID, BytesRef result)
        {
            var (at, length) = Locate(docID);
            var bytes = new byte[length];
            input.Seek(at);
            input.ReadBytes(bytes, 0, length);
            result.Bytes = bytes;
            result.Offset = 0;
            result.Length = length;
        }

        /// <summary>Reads the value into <paramref name="buffer"/>, grown when too small; returns its length.</summary>
        public int Read(int docID, ref byte[] buffer)
        {
            var (at, length) = Locate(docID);
            if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
            input.Seek(at);
            input.ReadBytes(buffer, 0, length);
            return length;
        }

        /// <summary>The value as text (UTF-8), decoded from this reader's buffer.</summary>
        public string ReadString(int docID)
        {
            var length = Read(docID, ref _scratch);
            return length == 0 ? "" : Encoding.UTF8.GetString(_scratch, 0, length);
        }

        private byte[] _scratch = new byte[256];

        private (long At, int Length) Locate(int docID)
        {
            long from = 0;
            if (docID == 0) input.Seek(offsets);
            else
            {
                input.Seek(offsets + 8L * (docID - 1));
                from = input.ReadInt64();
            }
            var to = input.ReadInt64();
            return (start + from, checked((int)(to - from)));
        }
    }
}

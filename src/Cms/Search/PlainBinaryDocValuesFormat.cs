using System.Text;
using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Cms.Search;

/// <summary>
/// Binary doc values written as they are: each field's values one after the other, then the offset where each
/// document's value ends. What a results page shows (id, title, path, standfirst, body) is read from these. Lucene's own
/// format allocates a new array for every value it hands out (its consumers may keep it); a results page read ten bodies
/// and fifty short strings that way, a quarter of what a search allocated. Here a value is read into the caller's buffer
/// (<see cref="Values.Bytes"/>) or decoded straight into a string (<see cref="Values.ReadString"/>). What Lucene copies
/// out (<see cref="Values.Get"/>: a merge reads every value in order) is read as a merge reads its files, with plain
/// file reads rather than through the memory map: mapped pages a merge read would stay in the process's resident memory
/// until the segment is closed (during a rebuild of 100,000 articles, about 200 MiB of them).
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
        private readonly LuceneDirectory _directory;
        private readonly string _dataName;
        private readonly System.Threading.Lock _opening = new();
        // The data file opened again as a merge opens what it reads (MappedDirectory: plain reads, not the map), the
        // first time a value is copied out; Lucene opens doc values for reading whatever the merge's own context.
        private IndexInput? _copies;
        private bool _disposed;

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
            (_directory, _dataName) = (state.Directory, IndexFileNames.SegmentFileName(state.SegmentInfo.Name, state.SegmentSuffix, DataExtension));
            _data = state.Directory.OpenInput(_dataName, state.Context);
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
            _fields.TryGetValue(field.Number, out var at) ? new Values((IndexInput)_data.Clone(), at.Start, at.Offsets, Copies)
                : throw new InvalidOperationException($"No {FormatName} values for '{field.Name}'.");

        public override IBits GetDocsWithField(FieldInfo field) => new Bits.MatchAllBits(_maxDoc);

        public override NumericDocValues GetNumeric(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override SortedDocValues GetSorted(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override SortedSetDocValues GetSortedSet(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override long RamBytesUsed() => _fields.Count * 32L;

        public override void CheckIntegrity() => CodecUtil.ChecksumEntireFile(_data);

        private IndexInput Copies()
        {
            lock (_opening)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _copies ??= _directory.OpenInput(_dataName, new IOContext(new MergeInfo(_maxDoc, _data.Length, false, -1)));
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            lock (_opening)
            {
                _disposed = true;
                _copies?.Dispose();
            }
            _data.Dispose();
        }
    }

    /// <summary>One field's values in one segment, for one thread.</summary>
    public sealed class Values(IndexInput input, long start, long offsets, Func<IndexInput> copies) : BinaryDocValues
    {
        private byte[] _scratch = new byte[256];
        // Lucene's merges read every value in document order: offsets and values each through their own clone, so that
        // neither throws the other's buffer away.
        private IndexInput? _copiedOffsets;
        private IndexInput? _copiedValues;

        /// <summary>
        /// A copy of the value, in a new array, as Lucene's consumers expect (they may keep it): what a merge reads,
        /// through the data file opened as a merge opens its files.
        /// </summary>
        public override void Get(int docID, BytesRef result)
        {
            if (_copiedValues is null)
            {
                var source = copies();
                (_copiedOffsets, _copiedValues) = ((IndexInput)source.Clone(), (IndexInput)source.Clone());
            }
            var (at, length) = Locate(_copiedOffsets!, docID);
            var bytes = new byte[length];
            _copiedValues.Seek(at);
            _copiedValues.ReadBytes(bytes, 0, length);
            result.Bytes = bytes;
            result.Offset = 0;
            result.Length = length;
        }

        /// <summary>The value's bytes, in this reader's buffer: good until its next read.</summary>
        public ReadOnlySpan<byte> Bytes(int docID)
        {
            var (at, length) = Locate(input, docID);
            if (_scratch.Length < length) _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
            input.Seek(at);
            input.ReadBytes(_scratch, 0, length);
            return _scratch.AsSpan(0, length);
        }

        /// <summary>The value as text (UTF-8).</summary>
        public string ReadString(int docID)
        {
            var bytes = Bytes(docID);
            return bytes.IsEmpty ? "" : Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Where the document's value starts in the file, and its length, read from the offsets after the values.</summary>
        private (long At, int Length) Locate(IndexInput from, int docID)
        {
            long begin = 0;
            if (docID == 0) from.Seek(offsets);
            else
            {
                from.Seek(offsets + 8L * (docID - 1));
                begin = from.ReadInt64();
            }
            var end = from.ReadInt64();
            return (start + begin, checked((int)(end - begin)));
        }
    }
}

using System.Buffers.Binary;
using System.Text;
using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Win32.SafeHandles;

namespace Cms.Search;

/// <summary>
/// Binary doc values written as they are: each field's values one after the other, then the offset where each
/// document's value ends. What a results page shows (id, title, path, standfirst, body) is read from these. Lucene's own
/// format allocates a new array for every value it hands out (its consumers may keep it); a results page read ten bodies
/// and fifty short strings that way, a quarter of what a search allocated. Here a value is read into the caller's buffer
/// (<see cref="Values.Read"/>) or decoded straight into a string (<see cref="Values.ReadString"/>). What Lucene copies
/// out (<see cref="Values.Get"/>: a merge reads every value in order) is read with plain file reads rather than through
/// the memory map: mapped pages a merge read would stay in the process's resident memory until the segment is closed
/// (during a rebuild of 100,000 articles, about 200 MiB of them).
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
        // The data file's path when the index is on disk (else values are copied out through the index input).
        private readonly string? _dataPath;
        private readonly System.Threading.Lock _opening = new();
        private SafeFileHandle? _file;
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
            var dataName = IndexFileNames.SegmentFileName(state.SegmentInfo.Name, state.SegmentSuffix, DataExtension);
            _data = state.Directory.OpenInput(dataName, state.Context);
            if (state.Directory is FSDirectory fs) _dataPath = System.IO.Path.Combine(fs.Directory.FullName, dataName);
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
            _fields.TryGetValue(field.Number, out var at) ? new Values((IndexInput)_data.Clone(), at.Start, at.Offsets, _maxDoc, _dataPath is null ? null : File)
                : throw new InvalidOperationException($"No {FormatName} values for '{field.Name}'.");

        public override IBits GetDocsWithField(FieldInfo field) => new Bits.MatchAllBits(_maxDoc);

        public override NumericDocValues GetNumeric(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override SortedDocValues GetSorted(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override SortedSetDocValues GetSortedSet(FieldInfo field) => throw new NotSupportedException(field.Name);

        public override long RamBytesUsed() => _fields.Count * 32L;

        public override void CheckIntegrity() => CodecUtil.ChecksumEntireFile(_data);

        /// <summary>The data file opened for plain reads, the first time a value is copied out.</summary>
        private SafeFileHandle File()
        {
            lock (_opening)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _file ??= System.IO.File.OpenHandle(_dataPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            lock (_opening)
            {
                _disposed = true;
                _file?.Dispose();
            }
            _data.Dispose();
        }
    }

    /// <summary>One field's values in one segment, for one thread.</summary>
    public sealed class Values(IndexInput input, long start, long offsets, int maxDoc, Func<SafeFileHandle>? file = null) : BinaryDocValues
    {
        private FileWindow? _offsetsWindow;
        private FileWindow? _valuesWindow;

        /// <summary>
        /// A copy of the value, in a new array, as Lucene's consumers expect (they may keep it). Read from the file with
        /// plain reads when it is on disk: Lucene's merges copy every value this way, in document order.
        /// </summary>
        public override void Get(int docID, BytesRef result)
        {
            byte[] bytes;
            if (file is null)
            {
                var (at, length) = Locate(docID);
                bytes = new byte[length];
                input.Seek(at);
                input.ReadBytes(bytes, 0, length);
            }
            else
            {
                if (_valuesWindow is null)
                {
                    var handle = file();
                    // Windows no larger than what they read: a stream of changes makes many small segments to merge.
                    var valuesLength = offsets - start;
                    var offsetsLength = 8L * maxDoc;
                    (_offsetsWindow, _valuesWindow) = (new FileWindow(handle, (int)Math.Clamp(offsetsLength, 8, 8 * 1024)),
                        new FileWindow(handle, (int)Math.Clamp(valuesLength, 8, 64 * 1024)));
                }
                var from = docID == 0 ? 0 : _offsetsWindow!.ReadInt64(offsets + 8L * (docID - 1));
                var to = _offsetsWindow!.ReadInt64(offsets + 8L * docID);
                bytes = new byte[checked((int)(to - from))];
                _valuesWindow.Read(start + from, bytes);
            }
            result.Bytes = bytes;
            result.Offset = 0;
            result.Length = bytes.Length;
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

    /// <summary>
    /// Reads a file at given positions through a buffer, with plain reads (no mapping): reads that move forward, as a
    /// merge's do, cost one system call per buffer.
    /// </summary>
    private sealed class FileWindow(SafeFileHandle handle, int size)
    {
        private readonly byte[] _buffer = new byte[size];
        private long _at;
        private int _length;

        public void Read(long position, Span<byte> destination)
        {
            while (destination.Length > 0)
            {
                if (position < _at || position >= _at + _length)
                {
                    if (destination.Length >= _buffer.Length)
                    {
                        MappedDirectory.ReadExactly(handle, destination, position, $"A {FormatName} data file");
                        return;
                    }
                    _at = position;
                    _length = RandomAccess.Read(handle, _buffer, position);
                    if (_length <= 0) throw new EndOfStreamException($"Read past the end of a {FormatName} data file at {position}.");
                }
                var from = (int)(position - _at);
                var count = Math.Min(_length - from, destination.Length);
                _buffer.AsSpan(from, count).CopyTo(destination);
                destination = destination[count..];
                position += count;
            }
        }

        public long ReadInt64(long position)
        {
            Span<byte> bytes = stackalloc byte[8];
            Read(position, bytes);
            // Lucene writes its numbers big-endian.
            return BinaryPrimitives.ReadInt64BigEndian(bytes);
        }
    }
}

using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace Cms.Search;

/// <summary>
/// The index folder, read through memory maps of our own. Lucene.NET's <c>MMapDirectory</c> records every clone of an
/// input in a weak table so that closing the file can invalidate them; a search clones inputs a few dozen times, each
/// record is a dependent handle, and the garbage collector walks them all at every collection: with 32 clients on two
/// cores, 3 to 6 ms a collection, 35 % of the time (lucenenet#1151). Here a clone is a position over the same mapping,
/// read with plain pointer access. Merges read their segments with positional file reads instead, so that what they
/// read once does not stay mapped in the process's resident memory.
/// </summary>
public sealed class MappedDirectory : FSDirectory
{
    public MappedDirectory(string path) : base(new DirectoryInfo(path), null)
    {
    }

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var path = System.IO.Path.Combine(Directory.FullName, name);
        return context.Context == IOContext.UsageContext.MERGE ? PlainInput.Open(path) : MappedInput.Open(path);
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="position"/> on (a positional read may return less than asked).</summary>
    private static void ReadExactly(SafeFileHandle file, Span<byte> destination, long position, string description)
    {
        while (destination.Length > 0)
        {
            var read = RandomAccess.Read(file, destination, position);
            if (read <= 0) throw new EndOfStreamException($"{description} ended at {position}, {destination.Length} bytes short.");
            destination = destination[read..];
            position += read;
        }
    }

    /// <summary>A file read with positional reads through a buffer of up to 64 KiB: for merges, which read each file once, in order.</summary>
    private sealed class PlainInput : BufferedIndexInput
    {
        private readonly SafeFileHandle _file;
        private readonly string _path;
        private bool _isClone;

        private PlainInput(string path, SafeFileHandle file, long length)
            // No larger than the file: the many small segments a stream of changes makes are merged too.
            : base($"PlainInput(path=\"{path}\")", (int)Math.Clamp(length, 1024, 64 * 1024))
        {
            _path = path;
            _file = file;
            Length = length;
        }

        public static PlainInput Open(string path)
        {
            var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new(path, file, RandomAccess.GetLength(file));
        }

        public override long Length { get; }

        protected override void ReadInternal(byte[] b, int offset, int length)
        {
            if (Position + length > Length) throw new EndOfStreamException($"Read of {length} bytes at {Position} past the end of {_path} ({Length} bytes).");
            ReadExactly(_file, b.AsSpan(offset, length), Position, _path);
        }

        protected override void SeekInternal(long pos)
        {
            // The next ReadInternal reads from the new position.
        }

        public override object Clone()
        {
            var clone = (PlainInput)base.Clone();
            clone._isClone = true;
            return clone;
        }

        protected override void Dispose(bool disposing)
        {
            // Clones share the original's handle: only the original closes it.
            if (disposing && !_isClone) _file.Dispose();
        }
    }

    /// <summary>One file mapped whole, read-only; its clones share the mapping, which goes when the file is closed.</summary>
    private sealed unsafe class Mapping : IDisposable
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;
        private byte* _start;

        public Mapping(string path)
        {
            Path = path;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            Length = stream.Length;
            // An empty file cannot be mapped; it has nothing to read either.
            if (Length == 0) return;
            _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            try
            {
                _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _start);
                _start += _view.PointerOffset;
            }
            catch
            {
                _view?.Dispose();
                _file.Dispose();
                throw;
            }
        }

        public string Path { get; }
        public long Length { get; }
        public bool Closed { get; private set; }

        /// <summary>The mapped bytes from <paramref name="position"/> on, <paramref name="count"/> of them (checked by the caller).</summary>
        public ReadOnlySpan<byte> Span(long position, int count)
        {
            if (Closed) throw new ObjectDisposedException(Path, "The index file was closed.");
            return new ReadOnlySpan<byte>(_start + position, count);
        }

        public byte At(long position)
        {
            if (Closed) throw new ObjectDisposedException(Path, "The index file was closed.");
            return _start[position];
        }

        public void Dispose()
        {
            if (Closed) return;
            Closed = true;
            if (_view is null) return;
            _start = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
        }
    }

    /// <summary>A position in a mapped file. Lucene reads a clone from one thread at a time and closes only the original.</summary>
    private sealed class MappedInput : IndexInput
    {
        private readonly Mapping _mapping;
        private readonly bool _isClone;
        private long _position;

        private MappedInput(Mapping mapping, bool isClone) : base($"MappedInput(path=\"{mapping.Path}\")")
        {
            _mapping = mapping;
            _isClone = isClone;
        }

        private MappedInput(MappedInput original) : this(original._mapping, isClone: true) => _position = original._position;

        public static MappedInput Open(string path) => new(new Mapping(path), isClone: false);

        public override long Length => _mapping.Length;

        public override long Position => _position;

        public override void Seek(long pos)
        {
            // Lucene may seek to the very end (nothing more to read); beyond it is a corrupt index.
            if (pos < 0 || pos > _mapping.Length) throw new EndOfStreamException($"Seek to {pos} outside {_mapping.Path} ({_mapping.Length} bytes).");
            _position = pos;
        }

        public override byte ReadByte()
        {
            if (_position >= _mapping.Length) throw PastEnd(1);
            return _mapping.At(_position++);
        }

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            Take(len).CopyTo(b.AsSpan(offset, len));
        }

        public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

        public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

        public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public override object Clone() => new MappedInput(this);

        /// <summary>The next <paramref name="count"/> bytes, the position moved past them.</summary>
        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || _position + count > _mapping.Length) throw PastEnd(count);
            var span = _mapping.Span(_position, count);
            _position += count;
            return span;
        }

        private EndOfStreamException PastEnd(int count) =>
            new($"Read of {count} bytes at {_position} past the end of {_mapping.Path} ({_mapping.Length} bytes).");

        protected override void Dispose(bool disposing)
        {
            // Clones share the original's mapping: only the original releases it.
            if (disposing && !_isClone) _mapping.Dispose();
        }
    }
}

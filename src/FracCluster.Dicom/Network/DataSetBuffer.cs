using System.Buffers;

namespace FracCluster.Dicom.Network;

/// <summary>
/// Accumulates the fragments of one data set in fixed-size chunks (no doubling copies of a 100 MB image) up to a cap;
/// past the cap it only counts, so the message can be read to its end and refused.
/// </summary>
internal sealed class DataSetBuffer
{
    private const int ChunkSize = 256 * 1024;

    private readonly long _capacity;
    private readonly List<byte[]> _chunks = [];
    private int _usedInLastChunk;

    public DataSetBuffer(long capacity) => _capacity = capacity;

    public long Length { get; private set; }

    public bool Overflowed { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (Overflowed || Length > _capacity)
        {
            Overflowed = true;
            _chunks.Clear();
            return;
        }

        while (!data.IsEmpty)
        {
            if (_chunks.Count == 0 || _usedInLastChunk == ChunkSize)
            {
                _chunks.Add(new byte[ChunkSize]);
                _usedInLastChunk = 0;
            }

            var n = Math.Min(ChunkSize - _usedInLastChunk, data.Length);
            data[..n].CopyTo(_chunks[^1].AsSpan(_usedInLastChunk));
            _usedInLastChunk += n;
            data = data[n..];
        }
    }

    public ReadOnlySequence<byte> ToSequence()
    {
        if (_chunks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (_chunks.Count == 1)
        {
            return new ReadOnlySequence<byte>(_chunks[0], 0, UsedIn(0));
        }

        var first = new Segment(_chunks[0].AsMemory(0, UsedIn(0)), 0);
        var last = first;
        for (var i = 1; i < _chunks.Count; i++)
        {
            last = last.Append(_chunks[i].AsMemory(0, UsedIn(i)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private int UsedIn(int index) => index < _chunks.Count - 1 ? ChunkSize : _usedInLastChunk;

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

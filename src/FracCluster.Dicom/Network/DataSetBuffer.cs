using System.Buffers;

namespace FracCluster.Dicom.Network;

/// <summary>Why a data set was not kept.</summary>
internal enum DataSetOverflow
{
    None,

    /// <summary>Larger than the per-instance limit.</summary>
    InstanceLimit,

    /// <summary>The listener's shared memory budget was spent by other associations.</summary>
    ListenerBudget,
}

/// <summary>
/// Accumulates the fragments of one data set in fixed-size chunks (no doubling copies of a 100 MB image) up to a cap,
/// each chunk reserved from the listener's <see cref="MemoryBudget"/>; past either limit it only counts, so the
/// message can be read to its end and refused. Dispose returns the reservation.
/// </summary>
internal sealed class DataSetBuffer : IDisposable
{
    internal const int ChunkSize = 256 * 1024;

    private readonly long _capacity;
    private readonly MemoryBudget _budget;
    private readonly List<byte[]> _chunks = [];
    private int _usedInLastChunk;

    public DataSetBuffer(long capacity, MemoryBudget budget)
    {
        _capacity = capacity;
        _budget = budget;
    }

    public long Length { get; private set; }

    public DataSetOverflow Overflow { get; private set; }

    public bool Overflowed => Overflow != DataSetOverflow.None;

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (!Overflowed && Length > _capacity)
        {
            Drop(DataSetOverflow.InstanceLimit);
        }

        if (Overflowed)
        {
            return;
        }

        while (!data.IsEmpty)
        {
            if (_chunks.Count == 0 || _usedInLastChunk == ChunkSize)
            {
                if (!_budget.TryReserve(ChunkSize))
                {
                    Drop(DataSetOverflow.ListenerBudget);
                    return;
                }

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

    public void Dispose() => Drop(Overflow);

    private void Drop(DataSetOverflow reason)
    {
        Overflow = reason;
        _budget.Release((long)_chunks.Count * ChunkSize);
        _chunks.Clear();
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

using FracCluster.Contracts;
using FracCluster.Contracts.Worklist;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains;

/// <summary>
/// The cluster's live list of recent scans (see <see cref="IWorklistGrain"/>). Every change gets the next sequence
/// number; sequence numbers start at the activation's start time in microseconds, so a cursor from an earlier
/// activation is always below this one's first number and the reader is told to reload instead of merging.
/// </summary>
public sealed class WorklistGrain(IOptions<WorklistOptions> options, TimeProvider time) : Grain, IWorklistGrain
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);
    private readonly int _capacity = options.Value.Capacity;
    private readonly Dictionary<string, Entry> _byScan = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, string> _byChange = [];
    private readonly Dictionary<string, long> _rejections = new(StringComparer.Ordinal);
    private long _first;
    private long _sequence;
    private TaskCompletionSource? _changed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _first = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _sequence = _first;
        return Task.CompletedTask;
    }

    public Task RecordAsync(ScanResult scan)
    {
        if (_byScan.TryGetValue(scan.ScanId, out var known))
        {
            // Arrival and completion are separate one-way calls: a late "Pending" must not undo a final state.
            if (known.Scan.IsFinal && !scan.IsFinal)
                return Task.CompletedTask;
            _byChange.Remove(known.Sequence);
        }
        if (scan.IsFinal && known?.Scan.IsFinal != true && scan.Status != ScanStatus.Completed)
        {
            var reason = scan.Reason ?? scan.Status.ToString();
            _rejections[reason] = _rejections.GetValueOrDefault(reason) + 1;
        }
        var sequence = ++_sequence;
        _byScan[scan.ScanId] = new Entry(sequence, scan);
        _byChange[sequence] = scan.ScanId;
        while (_byScan.Count > _capacity)
        {
            var oldest = _byChange.First();
            _byChange.Remove(oldest.Key);
            _byScan.Remove(oldest.Value);
        }
        var changed = _changed;
        _changed = null;
        changed?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string scanId)
    {
        if (_byScan.Remove(scanId, out var known))
            _byChange.Remove(known.Sequence);
        return Task.CompletedTask;
    }

    public Task<WorklistChanges> GetChangesAsync(long after) => Task.FromResult(Changes(after));

    public Task<IReadOnlyDictionary<string, long>> GetRejectionsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(_rejections, StringComparer.Ordinal));

    public async Task<WorklistChanges> WaitForChangesAsync(long after, TimeSpan timeout)
    {
        var now = Changes(after);
        if (now.Reset || now.Scans.Count > 0)
            return now;
        _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _changed.Task.WaitAsync(timeout < MaxWait ? timeout : MaxWait);
        }
        catch (TimeoutException)
        {
        }
        return Changes(after);
    }

    private WorklistChanges Changes(long after)
    {
        var reset = after < _first || after > _sequence;
        var scans = _byChange.Where(c => reset || c.Key > after).Select(c => _byScan[c.Value].Scan).ToList();
        return new WorklistChanges
        {
            Cursor = _sequence,
            Reset = reset,
            Scans = scans,
            RejectionsByReason = new Dictionary<string, long>(_rejections, StringComparer.Ordinal),
        };
    }

    private sealed record Entry(long Sequence, ScanResult Scan);
}

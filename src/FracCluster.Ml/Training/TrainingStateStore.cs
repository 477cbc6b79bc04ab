using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Storage;

namespace FracCluster.Ml.Training;

/// <summary>
/// Saves a run's state after every epoch through a blob store: weights and optimizer state go under an epoch-numbered
/// prefix first, then state.json (the commit point) names that epoch, then older epochs other than the best are removed.
/// A crash at any point leaves a state.json whose files all exist.
/// </summary>
public sealed class TrainingStateStore
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IBlobStore _store;
    private readonly string _prefix;

    public TrainingStateStore(IBlobStore store, string prefix = "state")
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _prefix = prefix;
    }

    private string StateKey => BlobKeys.Combine(_prefix, "state.json");

    public static string EpochPrefix(int epoch) => FormattableString.Invariant($"epoch-{epoch:0000}");

    public string WeightsKey(int epoch) => BlobKeys.Combine(_prefix, EpochPrefix(epoch), "weights.dat");

    public string OptimizerKey(int epoch) => BlobKeys.Combine(_prefix, EpochPrefix(epoch), "optimizer.dat");

    public async Task<TrainingState?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var bytes = await _store.GetAsync(StateKey, cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize<TrainingState>(bytes, Json)
            ?? throw new InvalidDataException($"{StateKey} is empty.");
    }

    public async Task SaveAsync(TrainingState state, byte[] weights, byte[] optimizer, CancellationToken cancellationToken = default)
    {
        var epoch = state.CompletedEpochs;
        await _store.PutAsync(WeightsKey(epoch), weights, cancellationToken);
        await _store.PutAsync(OptimizerKey(epoch), optimizer, cancellationToken);
        await _store.PutAsync(StateKey, JsonSerializer.SerializeToUtf8Bytes(state, Json), cancellationToken);
        var keep = new HashSet<string>(StringComparer.Ordinal) { EpochPrefix(epoch), EpochPrefix(state.BestEpoch) };
        var stale = new List<string>();
        await foreach (var key in _store.ListAsync(_prefix + "/epoch-", cancellationToken))
        {
            var segment = key[(_prefix.Length + 1)..].Split('/')[0];
            if (!keep.Contains(segment))
                stale.Add(key);
        }
        foreach (var key in stale)
            await _store.DeleteAsync(key, cancellationToken);
    }

    public async Task<byte[]> ReadWeightsAsync(int epoch, CancellationToken cancellationToken = default) =>
        await _store.GetAsync(WeightsKey(epoch), cancellationToken) ?? throw new BlobNotFoundException(WeightsKey(epoch));

    public async Task<byte[]> ReadOptimizerAsync(int epoch, CancellationToken cancellationToken = default) =>
        await _store.GetAsync(OptimizerKey(epoch), cancellationToken) ?? throw new BlobNotFoundException(OptimizerKey(epoch));
}

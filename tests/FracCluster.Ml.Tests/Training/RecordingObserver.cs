using FracCluster.Ml.Training;

namespace FracCluster.Ml.Tests.Training;

/// <summary>Records epochs and, optionally, cancels a run right after a given epoch was saved.</summary>
internal sealed class RecordingObserver(Func<long>? backboneImages = null, int? cancelAfterEpoch = null, CancellationTokenSource? cancellation = null) : ITrainingObserver
{
    public List<EpochRecord> Epochs { get; } = [];

    /// <summary>Backbone images counted when each epoch finished.</summary>
    public List<long> BackboneImagesAfterEpoch { get; } = [];

    public void OnEpochCompleted(EpochRecord record, IReadOnlyList<EpochRecord> history)
    {
        Epochs.Add(record);
        if (backboneImages is not null)
            BackboneImagesAfterEpoch.Add(backboneImages());
        if (record.Epoch == cancelAfterEpoch)
            cancellation!.Cancel();
    }
}

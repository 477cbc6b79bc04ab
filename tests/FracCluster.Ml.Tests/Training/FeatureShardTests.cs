using FracCluster.Imaging;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using FracCluster.Storage;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Training;

public sealed class FeatureShardTests
{
    [Fact]
    public async Task Head_training_on_shards_from_two_workers_equals_the_local_linear_probe()
    {
        var data = SyntheticSet.Create(trainPerClass: 8, validationPerClass: 3, testPerClass: 3);
        var dataset = data.ToDataset();
        var preprocess = PreprocessOptions.ImageNet(48);
        var options = new TrainingOptions { Epochs = 3, Seed = 5 };
        using var folder = new TempFolder();
        var local = await new Trainer(options).RunAsync(TinyClassifier.Create(), dataset, preprocess, new FileBlobStore(folder.Sub("local")), null);

        // Two "workers" extract one half each and hand back serialized shards, as a coordinator would collect them.
        var shards = new List<FeatureSet>();
        foreach (var half in data.Entries.Chunk((data.Entries.Count + 1) / 2))
        {
            var worker = TinyClassifier.Create();
            var extractor = new FeatureExtractor(worker, CPU, new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), preprocess), data.ReadAsync, 2), null, 8);
            var result = await extractor.ExtractAsync(half);
            shards.Add(FeatureSet.Deserialize(result.Features.Serialize()));
        }
        var all = FeatureSet.Concat(shards, shards[0].FeatureCount);
        var bySplit = Enum.GetValues<SplitName>().ToDictionary(s => s, s => Subset(all, s));
        var model = TinyClassifier.Create();

        var distributed = await new Trainer(options).TrainOnFeaturesAsync(model, new ClassLayout(SyntheticSet.Classes, 0), bySplit, new FileBlobStore(folder.Sub("distributed")));

        Assert.Equal(0, model.BackboneImages);
        Assert.Equal(local.History.Select(h => h.TrainLoss), distributed.History.Select(h => h.TrainLoss));
        Assert.Equal(local.Test.Predictions.Select(p => p.PositiveProbability), distributed.Test.Predictions.Select(p => p.PositiveProbability));
    }

    [Fact]
    public void A_truncated_shard_is_rejected()
    {
        var set = new FeatureSet([new ManifestEntry("a.png", new string('a', 64), "fractured", SplitName.Train)], 4, [1, 2, 3, 4]);
        var bytes = set.Serialize();

        var roundTrip = FeatureSet.Deserialize(bytes);
        Assert.Equal(set.Values, roundTrip.Values);
        Assert.Equal(set.Items, roundTrip.Items);
        Assert.Throws<InvalidDataException>(() => FeatureSet.Deserialize(bytes.AsSpan(0, bytes.Length - 3)));
    }

    private static FeatureSet Subset(FeatureSet all, SplitName split)
    {
        var rows = Enumerable.Range(0, all.Count).Where(i => all.Items[i].Split == split).ToList();
        return new FeatureSet(rows.Select(i => all.Items[i]).ToList(), all.FeatureCount, rows.SelectMany(i => all.Row(i).ToArray()).ToArray());
    }
}

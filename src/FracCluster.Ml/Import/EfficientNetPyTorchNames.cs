using FracCluster.Ml.Models;

namespace FracCluster.Ml.Import;

/// <summary>
/// The one-to-one correspondence between efficientnet-pytorch's module names and torchvision's, for one
/// configuration (the block count decides which <c>_blocks.N</c> is which <c>features.S.I</c>):
/// <code>
/// _conv_stem, _bn0                      features.0.0, features.0.1
/// _blocks.N._expand_conv, ._bn0         features.S.I.block.0.0, .block.0.1   (only when the block expands)
/// _blocks.N._depthwise_conv, ._bn1      features.S.I.block.k.0, .block.k.1
/// _blocks.N._se_reduce, ._se_expand     features.S.I.block.k+1.fc1, .fc2
/// _blocks.N._project_conv, ._bn2        features.S.I.block.k+2.0, .block.k+2.1
/// _conv_head, _bn1                      features.8.0, features.8.1
/// _fc                                   classifier.1
/// </code>
/// Parameter and buffer names (weight, bias, running_mean, running_var, num_batches_tracked) are the same on both sides.
/// </summary>
public sealed class EfficientNetPyTorchNames
{
    private readonly Dictionary<string, string> _toTorchvision;
    private readonly Dictionary<string, string> _toEfficientNetPyTorch;

    public EfficientNetPyTorchNames(EfficientNetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var modules = new List<(string Torchvision, string EfficientNetPyTorch)>
        {
            ("features.0.0", "_conv_stem"),
            ("features.0.1", "_bn0"),
        };
        var stages = config.Stages();
        var blockIndex = 0;
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            for (var i = 0; i < stage.Layers; i++)
            {
                var input = i == 0 ? stage.InputChannels : stage.OutputChannels;
                var tv = $"features.{s + 1}.{i}.block.";
                var ep = $"_blocks.{blockIndex}.";
                var k = 0;
                if (MBConvStage.ExpandedChannels(input, stage.ExpandRatio) != input)
                {
                    modules.Add((tv + "0.0", ep + "_expand_conv"));
                    modules.Add((tv + "0.1", ep + "_bn0"));
                    k = 1;
                }
                modules.Add((tv + $"{k}.0", ep + "_depthwise_conv"));
                modules.Add((tv + $"{k}.1", ep + "_bn1"));
                modules.Add((tv + $"{k + 1}.fc1", ep + "_se_reduce"));
                modules.Add((tv + $"{k + 1}.fc2", ep + "_se_expand"));
                modules.Add((tv + $"{k + 2}.0", ep + "_project_conv"));
                modules.Add((tv + $"{k + 2}.1", ep + "_bn2"));
                blockIndex++;
            }
        }
        modules.Add(($"features.{stages.Count + 1}.0", "_conv_head"));
        modules.Add(($"features.{stages.Count + 1}.1", "_bn1"));
        modules.Add(("classifier.1", "_fc"));

        _toTorchvision = modules.ToDictionary(m => m.EfficientNetPyTorch, m => m.Torchvision, StringComparer.Ordinal);
        _toEfficientNetPyTorch = modules.ToDictionary(m => m.Torchvision, m => m.EfficientNetPyTorch, StringComparer.Ordinal);
    }

    /// <summary>torchvision name of an efficientnet-pytorch key, or null when this configuration has no such module.</summary>
    public string? ToTorchvision(string key) => Translate(key, _toTorchvision);

    /// <summary>efficientnet-pytorch name of a torchvision key, or null when there is none.</summary>
    public string? ToEfficientNetPyTorch(string key) => Translate(key, _toEfficientNetPyTorch);

    private static string? Translate(string key, Dictionary<string, string> modules)
    {
        var dot = key.LastIndexOf('.');
        if (dot <= 0)
            return null;
        return modules.TryGetValue(key[..dot], out var module) ? module + key[dot..] : null;
    }
}

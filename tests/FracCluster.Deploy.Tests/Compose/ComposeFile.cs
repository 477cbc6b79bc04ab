using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FracCluster.Deploy.Tests.Compose;

/// <summary>
/// A compose file with YAML anchors and merge keys resolved (as compose does), reduced to the fields these tests read.
/// <see cref="RawServiceKeys"/> keeps every service's own keys so unknown ones can be caught.
/// </summary>
public sealed class ComposeFile
{
    public string? Name { get; set; }

    public Dictionary<string, ComposeService> Services { get; set; } = [];

    public Dictionary<string, ComposeNetwork?> Networks { get; set; } = [];

    public Dictionary<string, object?> Volumes { get; set; } = [];

    [YamlIgnore]
    public IReadOnlyList<string> TopLevelKeys { get; private set; } = [];

    [YamlIgnore]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RawServiceKeys { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public static ComposeFile Load(string path)
    {
        // First the generic tree, which resolves anchors, aliases and merge keys everywhere. The typed pass cannot
        // read the original directly: skipping an unmodelled x- key would skip the anchor an alias later refers to.
        var raw = new DeserializerBuilder().WithDuplicateKeyChecking().Build()
            .Deserialize<Dictionary<string, object?>>(new MergingParser(new Parser(new StringReader(File.ReadAllText(path)))))
            ?? throw new InvalidDataException($"{path} is empty.");
        var resolved = new SerializerBuilder().DisableAliases().Build().Serialize(raw);
        var typed = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<ComposeFile>(resolved);

        typed.TopLevelKeys = [.. raw.Keys];
        if (raw.TryGetValue("services", out var services) && services is Dictionary<object, object?> serviceMap)
        {
            typed.RawServiceKeys = serviceMap.ToDictionary(
                s => (string)s.Key,
                s => (IReadOnlyList<string>)[.. ((Dictionary<object, object?>)s.Value!).Keys.Cast<string>()]);
        }
        return typed;
    }
}

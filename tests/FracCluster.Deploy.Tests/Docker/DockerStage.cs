namespace FracCluster.Deploy.Tests.Docker;

/// <summary>A build stage: its FROM and the instructions up to the next FROM.</summary>
public sealed class DockerStage(string baseImage, string? name, IReadOnlyList<DockerInstruction> instructions)
{
    public string BaseImage { get; } = baseImage;

    public string? Name { get; } = name;

    public IReadOnlyList<DockerInstruction> Instructions { get; } = instructions;

    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword);

    /// <summary>ENV assignments of this stage, in the key=value form (later ones win).</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in All("ENV"))
        {
            var words = instruction.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && !words[0].Contains('=', StringComparison.Ordinal))
            {
                env[words[0]] = words[1]; // legacy "ENV key value"
                continue;
            }
            foreach (var word in words)
            {
                var eq = word.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                    throw new InvalidDataException($"ENV on line {instruction.Line}: '{word}' is not key=value.");
                env[word[..eq]] = word[(eq + 1)..].Trim('"');
            }
        }
        return env;
    }

    /// <summary>Ports of EXPOSE instructions, protocol suffixes removed.</summary>
    public IEnumerable<int> ExposedPorts() =>
        All("EXPOSE")
            .SelectMany(i => i.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture));
}

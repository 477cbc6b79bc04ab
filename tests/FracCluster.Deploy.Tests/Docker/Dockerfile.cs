using System.Text.Json;

namespace FracCluster.Deploy.Tests.Docker;

/// <summary>
/// A Dockerfile split into stages and instructions: comments and parser directives dropped, backslash continuations
/// joined. Enough to check base images, ports, the user and the entrypoint without Docker.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var start = i + 1;
            var joined = new System.Text.StringBuilder();
            while (line.EndsWith('\\'))
            {
                joined.Append(line[..^1]).Append(' ');
                // Comment lines inside a continuation are skipped by Docker too.
                do
                    line = ++i < lines.Length ? lines[i].Trim() : string.Empty;
                while (line.StartsWith('#') && i < lines.Length);
            }
            joined.Append(line);
            var full = joined.ToString().Trim();
            var space = full.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            instructions.Add(new DockerInstruction(keyword, space < 0 ? string.Empty : full[(space + 1)..].Trim(), start));
        }

        var stages = new List<DockerStage>();
        var index = 0;
        // ARGs before the first FROM only parameterise FROM lines (the base images: a registry-less machine passes
        // its own with --build-arg); FROM is read with their defaults, which is what a plain `docker build` uses.
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (; index < instructions.Count && instructions[index].Keyword == "ARG"; index++)
        {
            var arg = instructions[index].Arguments;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                globalArgs[arg[..eq].Trim()] = arg[(eq + 1)..].Trim().Trim('"');
        }
        if (index == instructions.Count || instructions[index].Keyword != "FROM")
            throw new InvalidDataException("A Dockerfile must start with FROM (after global ARGs).");
        while (index < instructions.Count)
        {
            var from = ExpandArgs(instructions[index].Arguments, globalArgs, instructions[index].Line).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var name = from.Length == 3 && from[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? from[2] : null;
            if (from.Length is not (1 or 3))
                throw new InvalidDataException($"Cannot read FROM on line {instructions[index].Line}.");
            var body = new List<DockerInstruction>();
            for (index++; index < instructions.Count && instructions[index].Keyword != "FROM"; index++)
                body.Add(instructions[index]);
            stages.Add(new DockerStage(from[0], name, body));
        }
        return new Dockerfile(stages);
    }

    /// <summary><c>${NAME}</c> and <c>$NAME</c> in a FROM line, from the global ARG defaults; an ARG without a default is an error.</summary>
    private static string ExpandArgs(string text, IReadOnlyDictionary<string, string> args, int line) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\$\{(\w+)\}|\$(\w+)", m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return args.TryGetValue(name, out var value)
                ? value
                : throw new InvalidDataException($"FROM on line {line} uses ${name}, which has no default in a global ARG.");
        });

    public DockerStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"No stage named {name}.");

    /// <summary>The final ENTRYPOINT in exec (JSON array) form; shell form is rejected because it would not forward SIGTERM.</summary>
    public IReadOnlyList<string> Entrypoint()
    {
        var entrypoint = Final.All("ENTRYPOINT").LastOrDefault()
            ?? throw new InvalidDataException("The final stage has no ENTRYPOINT.");
        if (!entrypoint.Arguments.StartsWith('['))
            throw new InvalidDataException($"ENTRYPOINT on line {entrypoint.Line} is in shell form; use the exec form.");
        return JsonSerializer.Deserialize<string[]>(entrypoint.Arguments)
            ?? throw new InvalidDataException($"ENTRYPOINT on line {entrypoint.Line} is empty.");
    }
}

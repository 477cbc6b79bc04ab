using System.ComponentModel;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class BenchClusterSettings : CommandSettings
{
    /// <summary>The size the mission's models are used at (FracAtlas preprocessing), also for a random B6.</summary>
    public const int DefaultSize = 224;

    [CommandOption("-c|--checkpoint <CKPT>")]
    [Description("Checkpoint to serve; without it a random-weight --variant is built (speed does not depend on the weights).")]
    public string? Checkpoint { get; init; }

    [CommandOption("--variant <B>")]
    [Description("EfficientNet variant when no checkpoint is given.")]
    [DefaultValue("b0")]
    public string Variant { get; init; } = "b0";

    [CommandOption("--width <W>")]
    [Description("Width multiplier override (small test networks).")]
    public double? Width { get; init; }

    [CommandOption("--depth <D>")]
    [Description("Depth multiplier override (small test networks).")]
    public double? Depth { get; init; }

    [CommandOption("--size <PX>")]
    [Description("Model input size when no checkpoint is given (default 224, the size the models are used at; a checkpoint brings its own).")]
    public int? Size { get; init; }

    [CommandOption("--images <N>")]
    [Description("Scans sent at full speed to measure capacity (raw and end to end).")]
    [DefaultValue(256)]
    public int Images { get; init; } = 256;

    [CommandOption("--seconds <S>")]
    [Description("Length of each open-loop latency run (25 %, 50 % and 90 % of the measured capacity).")]
    [DefaultValue(10.0)]
    public double Seconds { get; init; } = 10;

    [CommandOption("--rounds <N>")]
    [Description("Raw and end-to-end capacity bursts, alternating; the medians are compared.")]
    [DefaultValue(3)]
    public int Rounds { get; init; } = 3;

    [CommandOption("--warmup-seconds <S>")]
    [Description("Unmeasured end-to-end traffic first, about this long at the raw rate: the silo's code paths (Orleans, ASP.NET, streams) are JIT-compiled and re-tiered in the first tens of seconds, which a short burst would otherwise count.")]
    [DefaultValue(15.0)]
    public double WarmupSeconds { get; init; } = 15;

    [CommandOption("--backlog <N>")]
    [Description("Backlog trials: N routine scans sent at once, then --urgent more right after, once unflagged and once as X-Scan-Priority: urgent (0 = skip).")]
    [DefaultValue(160)]
    public int Backlog { get; init; } = 160;

    [CommandOption("--urgent <K>")]
    [Description("Scans sent right after the backlog in each backlog trial.")]
    [DefaultValue(5)]
    public int Urgent { get; init; } = 5;

    [CommandOption("--backlog-rounds <N>")]
    [Description("Pairs of backlog trials (unflagged, urgent), alternating.")]
    [DefaultValue(1)]
    public int BacklogRounds { get; init; } = 1;

    [CommandOption("--api <URL>")]
    [Description("Measure a silo that is already running (another process, maybe another build) instead of an embedded one; there is no raw engine column then.")]
    public string? Api { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("API key for --api.")]
    public string? ApiKey { get; init; }

    [CommandOption("--api-key-file <FILE>")]
    [Description("File holding the API key for --api (a silo prints where its key file is).")]
    public string? ApiKeyFile { get; init; }

    [CommandOption("--scanners <K>")]
    [DefaultValue(4)]
    public int Scanners { get; init; } = 4;

    [CommandOption("--threads <N>")]
    [Description("Intra-op threads of the forward pass, the same for the raw engine and the model grain (0 = libtorch default).")]
    [DefaultValue(0)]
    public int Threads { get; init; }

    [CommandOption("--data-dir <DIR>")]
    [Description("The embedded silo's data folder (scans, grain state, the benchmark checkpoint).")]
    [DefaultValue("data/bench")]
    public string DataDir { get; init; } = "data/bench";

    [CommandOption("--port <PORT>")]
    [Description("HTTP port of the embedded silo (0 = any free port).")]
    [DefaultValue(0)]
    public int Port { get; init; }

    public override ValidationResult Validate()
    {
        if (Checkpoint is null && !EfficientNetVariants.TryParse(Variant, out _))
            return ValidationResult.Error($"--variant '{Variant}' is not one of b0 … b7.");
        if (Images is < 16 or > 1_000_000)
            return ValidationResult.Error("--images must be between 16 and 1000000.");
        if (Seconds is < 1 or > 3600)
            return ValidationResult.Error("--seconds must be between 1 and 3600.");
        if (Rounds is < 1 or > 50)
            return ValidationResult.Error("--rounds must be between 1 and 50.");
        if (WarmupSeconds is < 0 or > 600)
            return ValidationResult.Error("--warmup-seconds must be between 0 and 600.");
        if (Scanners is < 1 or > 1000)
            return ValidationResult.Error("--scanners must be between 1 and 1000.");
        if (Size is < 32 or > 1024)
            return ValidationResult.Error("--size must be between 32 and 1024.");
        if (Backlog is < 0 or > 100_000)
            return ValidationResult.Error("--backlog must be between 0 and 100000.");
        if (Urgent is < 1 or > 1000)
            return ValidationResult.Error("--urgent must be between 1 and 1000.");
        if (BacklogRounds is < 1 or > 20)
            return ValidationResult.Error("--backlog-rounds must be between 1 and 20.");
        if (Api is not null && !Uri.TryCreate(Api, UriKind.Absolute, out _))
            return ValidationResult.Error($"--api '{Api}' is not an absolute URL.");
        if (ApiKeyFile is not null && !File.Exists(ApiKeyFile))
            return ValidationResult.Error($"--api-key-file '{ApiKeyFile}' does not exist.");
        if (Threads < 0)
            return ValidationResult.Error("--threads cannot be negative.");
        if (Port is < 0 or > 65535)
            return ValidationResult.Error("--port must be between 0 and 65535.");
        return ValidationResult.Success();
    }
}

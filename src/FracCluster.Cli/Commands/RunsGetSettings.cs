using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class RunsGetSettings : CommandSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The run id (from frac train --cluster or GET /v1/training).")]
    public string Id { get; init; } = string.Empty;

    [CommandOption("--api <URL>")]
    [Description("A silo's HTTP API.")]
    [DefaultValue("http://localhost:5080")]
    public string Api { get; init; } = "http://localhost:5080";

    [CommandOption("--api-key <KEY>")]
    [Description("API key (default: FRAC_API_KEY).")]
    public string? ApiKey { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Where to put report.md, metrics.jsonl, plots, TensorBoard events and the best checkpoint.")]
    public string Out { get; init; } = string.Empty;

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Id) ? ValidationResult.Error("ID is required.")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out DIR is required.")
        : ValidationResult.Success();
}

using System.ComponentModel;
using FracCluster.Dicom.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class DicomListenSettings : CommandSettings
{
    [CommandOption("--port <PORT>")]
    [Description("TCP port to listen on (0 = any free one, printed).")]
    [DefaultValue(11113)]
    public int Port { get; init; } = 11113;

    [CommandOption("--out <DIR>")]
    [Description("Where each received instance is written as a Part 10 file, named by its SOP Instance UID.")]
    public string Out { get; init; } = string.Empty;

    [CommandOption("--ae <AE>")]
    [Description("Our AE title (the one senders call).")]
    [DefaultValue("FRACLISTEN")]
    public string AeTitle { get; init; } = "FRACLISTEN";

    [CommandOption("--calling-ae <AE>")]
    [Description("Calling AE titles accepted (repeat the option); others are rejected at association. Default: FRACCLUSTER, the silos' own.")]
    public string[] CallingAeTitles { get; init; } = [];

    public IReadOnlyList<string> Callers => CallingAeTitles.Length == 0 ? ["FRACCLUSTER"] : CallingAeTitles;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
            return ValidationResult.Error("--out DIR is required.");
        if (Port is < 0 or > 65535)
            return ValidationResult.Error("--port must be 0…65535.");
        if (!DicomListenerOptionsValidator.IsValidAeTitle(AeTitle) || Callers.Any(a => !DicomListenerOptionsValidator.IsValidAeTitle(a)))
            return ValidationResult.Error("AE titles are 1-16 printable ASCII characters without a backslash.");
        return ValidationResult.Success();
    }
}

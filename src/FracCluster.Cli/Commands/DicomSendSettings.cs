using System.ComponentModel;
using System.Globalization;
using FracCluster.Dicom.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class DicomSendSettings : CommandSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("A DICOM Part 10 file, or a folder: every Part 10 file under it is sent (other files are listed as skipped).")]
    public string Path { get; init; } = string.Empty;

    [CommandOption("--to <HOST:PORT>")]
    [Description("The store SCP: a FracCluster silo (Frac:Dicom:Port), a PACS, dcmtk's storescp.")]
    public string To { get; init; } = string.Empty;

    [CommandOption("--ae <AE>")]
    [Description("The called AE title (the SCP's own; a FracCluster silo's is FRACCLUSTER unless configured).")]
    [DefaultValue("FRACCLUSTER")]
    public string CalledAe { get; init; } = "FRACCLUSTER";

    [CommandOption("--calling-ae <AE>")]
    [Description("Our AE title; a FracCluster silo accepts only those in Frac:Dicom:CallingAeTitles.")]
    [DefaultValue("FRACSCU")]
    public string CallingAe { get; init; } = "FRACSCU";

    public string Host => To[..To.LastIndexOf(':')];

    public int Port => int.Parse(To[(To.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
            return ValidationResult.Error("PATH is required.");
        var colon = To.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(To[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return ValidationResult.Error("--to HOST:PORT is required (e.g. --to localhost:11112).");
        if (!DicomListenerOptionsValidator.IsValidAeTitle(CalledAe) || !DicomListenerOptionsValidator.IsValidAeTitle(CallingAe))
            return ValidationResult.Error("AE titles are 1-16 printable ASCII characters without a backslash.");
        return ValidationResult.Success();
    }
}

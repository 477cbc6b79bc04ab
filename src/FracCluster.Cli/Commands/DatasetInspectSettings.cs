using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class DatasetInspectSettings : CommandSettings
{
    [CommandArgument(0, "<SOURCE>")]
    [Description("A folder, blob:PREFIX (the configured BlobStore) or az://CONTAINER/PREFIX (Azure Blob).")]
    public string Source { get; init; } = string.Empty;

    [CommandOption("--layout <LAYOUT>")]
    [Description("auto (default), fracatlas or class-folders.")]
    [DefaultValue("auto")]
    public string Layout { get; init; } = "auto";

    [CommandOption("--classes <NAMES>")]
    [Description("Class folders: class order, comma-separated (default: folder names sorted).")]
    public string? Classes { get; init; }

    [CommandOption("--decode")]
    [Description("Decode every image fully (finds corrupt pixel data; slower than the default header and trailer checks).")]
    public bool Decode { get; init; }

    [CommandOption("--connection-string <CS>")]
    [Description("Azure Storage connection string for az:// sources (default: BlobStore__ConnectionString or AZURE_STORAGE_CONNECTION_STRING).")]
    public string? ConnectionString { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Images read at once (default: processor count).")]
    public int? Parallel { get; init; }

    [CommandOption("--show <N>")]
    [Description("Rows shown per list of unreadable files and duplicates (default 50).")]
    [DefaultValue(50)]
    public int Show { get; init; } = 50;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Source))
            return ValidationResult.Error("SOURCE is required.");
        if (ParseLayout(Layout) is null)
            return ValidationResult.Error($"--layout '{Layout}' is not one of auto, fracatlas, class-folders.");
        if (Parallel is < 1)
            return ValidationResult.Error("--parallel must be at least 1.");
        if (Show < 0)
            return ValidationResult.Error("--show must not be negative.");
        return ValidationResult.Success();
    }

    public static Ml.Data.DatasetLayout? ParseLayout(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => Ml.Data.DatasetLayout.Auto,
        "fracatlas" => Ml.Data.DatasetLayout.FracAtlas,
        "class-folders" or "classfolders" or "folders" => Ml.Data.DatasetLayout.ClassFolders,
        _ => null,
    };
}

using Microsoft.Extensions.Logging;
using FracCluster.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// <c>frac dicom send PATH --to HOST:PORT --ae AE</c>: a tiny storescu. Every Part 10 file goes by C-STORE over one
/// association, its data set unchanged in its own transfer syntax; one line per file with the peer's status.
/// </summary>
public sealed class DicomSendCommand : AsyncCommand<DicomSendSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DicomSendSettings settings, CancellationToken cancellationToken)
    {
        var files = File.Exists(settings.Path) ? [settings.Path]
            : Directory.Exists(settings.Path) ? Directory.EnumerateFiles(settings.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : null;
        if (files is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {settings.Path} is neither a file nor a folder.");
            return 1;
        }

        var reader = new DicomReader(new DicomReaderOptions());
        var instances = new List<(string File, DicomStoreInstance Instance)>();
        foreach (var file in files)
        {
            try
            {
                instances.Add((file, DicomStoreInstance.FromFile(reader, await File.ReadAllBytesAsync(file, cancellationToken))));
            }
            catch (DicomRejectedException ex)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {file}: {ex.Reason}: {ex.Message}");
            }
        }
        if (instances.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no DICOM Part 10 file under {settings.Path}.");
            return 1;
        }

        using var loggers = CliLogging.Create(verbose: false);
        var client = new DicomClient(new DicomClientOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            CallingAeTitle = settings.CallingAe,
            CalledAeTitle = settings.CalledAe,
        }, loggers.CreateLogger<DicomClient>());
        IReadOnlyList<DicomStoreOutcome> outcomes;
        try
        {
            outcomes = await client.SendAsync(instances.Select(i => i.Instance).ToList(), cancellationToken);
        }
        catch (DicomNetworkException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Failure}: {ex.Message}");
            return 1;
        }

        var stored = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var file = instances[i].File;
            if (outcome.IsStored)
            {
                stored++;
                AnsiConsole.MarkupLineInterpolated($"[green]stored[/]  {file}  {outcome.Instance.SopInstanceUid}  {outcome.Response!.Status}");
            }
            else if (outcome.Response is { } response)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]refused[/] {file}  {outcome.Instance.SopInstanceUid}  {response.Status}  {response.ErrorComment ?? ""}");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"[red]failed[/]  {file}  {outcome.Instance.SopInstanceUid}  {outcome.Failure?.Failure}: {outcome.Failure?.Message}");
            }
        }
        AnsiConsole.MarkupLineInterpolated($"{stored} of {outcomes.Count} instances stored by {settings.CalledAe}@{settings.To}.");
        return stored == outcomes.Count ? 0 : 1;
    }
}

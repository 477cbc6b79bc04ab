using System.Buffers;
using Microsoft.Extensions.Logging;
using FracCluster.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Network;
using FracCluster.Dicom.Reports;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// <c>frac dicom listen --port P --out DIR</c>: a tiny store SCP (C-ECHO, C-STORE of the image and SR classes) for users without dcmtk's storescp,
/// e.g. to watch the reports a FracCluster silo sends back. Each instance is written as a Part 10 file before it is
/// acknowledged; runs until Ctrl-C.
/// </summary>
public sealed class DicomListenCommand : AsyncCommand<DicomListenSettings>
{
    private const string BasicTextSr = "1.2.840.10008.5.1.4.1.1.88.11";
    private const string EnhancedSr = "1.2.840.10008.5.1.4.1.1.88.22";

    public override async Task<int> ExecuteAsync(CommandContext context, DicomListenSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(folder);
        using var loggers = CliLogging.Create(verbose: false);
        var options = new DicomListenerOptions
        {
            Port = settings.Port,
            AeTitle = settings.AeTitle,
            CallingAeTitles = settings.Callers.ToDictionary(a => a, a => a, StringComparer.Ordinal),
            // Standing in for a PACS: the reports a silo sends back are SRs, besides the images.
            AdditionalSopClasses = [BasicTextSr, EnhancedSr, StructuredReportBuilder.ComprehensiveSrStorage],
        };
        await using var listener = new DicomListener(Options.Create(options), new FolderStoreHandler(folder), loggers.CreateLogger<DicomListener>());
        try
        {
            await listener.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OptionsValidationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 1;
        }
        AnsiConsole.MarkupLineInterpolated($"Listening as {settings.AeTitle} on port {listener.Port} for {string.Join(", ", settings.Callers)}; writing to {folder}. Ctrl-C stops.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        await listener.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Writes each instance as a Part 10 file (received bytes untouched) and prints a line.</summary>
    private sealed class FolderStoreHandler(string folder) : IDicomStoreHandler
    {
        public async Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            byte[] file;
            try
            {
                file = DicomWriter.WrapDataset(request.SopClassUid, request.SopInstanceUid, request.TransferSyntaxUid, request.DataSet.ToArray(), request.CallingAeTitle);
            }
            catch (DicomRejectedException ex)
            {
                return new DicomStoreResult(DicomStatus.CannotUnderstand, $"{ex.Reason}: {ex.Message}");
            }
            // The UID was checked by WrapDataset: digits and dots only, so it is a safe file name.
            var path = Path.Combine(folder, request.SopInstanceUid + ".dcm");
            await File.WriteAllBytesAsync(path, file, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"received {request.SopClassUid} {request.SopInstanceUid} from {request.CallingAeTitle} -> {path}");
            return DicomStoreResult.Stored;
        }
    }
}

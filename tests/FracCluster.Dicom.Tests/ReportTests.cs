using FracCluster.Dicom.Reports;

namespace FracCluster.Dicom.Tests;

/// <summary>The SR and the marked Secondary Capture that go back to the PACS, read by dcmtk (dcmdump, dsrdump) and by us.</summary>
public sealed class ReportTests : IDisposable
{
    private const int Width = 40;
    private const int Height = 30;
    private readonly TempFolder folder = new();
    private readonly string studyUid = DicomUid.Generate();
    private readonly DicomDataset first;
    private readonly DicomDataset second;

    public ReportTests()
    {
        first = TestImages.Gray(Width, Height, TestImages.Pattern(Width, Height, 4095), 16, 12, studyUid);
        second = TestImages.Gray(Width, Height, TestImages.Pattern(Width, Height, 4095), 16, 12, studyUid)
            .SetString(DicomTags.InstanceNumber, DicomVR.IS, "2");
    }

    public void Dispose() => folder.Dispose();

    private FractureStudyResult Result(double firstProbability, double secondProbability) => new(
        first,
        [ReadInstance.From(first, firstProbability), ReadInstance.From(second, secondProbability)],
        "efficientnet-b6",
        "2026.12.01-a",
        Threshold: 0.5,
        new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero));

    private string Write(string name, DicomDataset dataset)
    {
        var path = folder.File(name);
        File.WriteAllBytes(path, DicomWriter.WriteFile(dataset));
        return path;
    }

    [Fact]
    public void Structured_report_reads_in_dsrdump_without_errors_and_says_what_was_found()
    {
        var result = Result(0.12, 0.8731);
        var path = Write("sr.dcm", StructuredReportBuilder.Build(result));

        var (exitCode, output, errors) = Dcmtk.TryRun("dsrdump", "-Ei", "+Pc", "+Pu", path);
        Assert.True(exitCode == 0 && errors.Length == 0, $"dsrdump exited {exitCode}: {errors}");
        Assert.Contains("Comprehensive SR", output, StringComparison.Ordinal);
        Assert.Contains("(72704001,SCT,\"Fracture\")", output, StringComparison.Ordinal);
        Assert.Contains("(52101004,SCT,\"Present\")", output, StringComparison.Ordinal);
        Assert.Contains("\"0.8731\" (1,UCUM,\"no units\")", output, StringComparison.Ordinal);
        Assert.Contains("\"0.12\" (1,UCUM,\"no units\")", output, StringComparison.Ordinal);
        Assert.Contains("\"efficientnet-b6\"", output, StringComparison.Ordinal);
        Assert.Contains("\"2026.12.01-a\"", output, StringComparison.Ordinal);
        Assert.Contains("Doe^Jane", output, StringComparison.Ordinal);
        Assert.Contains("(P-FRACTURE,99FRACCLUSTER,\"Probability of fracture\")", output, StringComparison.Ordinal);
        foreach (var instance in result.Instances)
            Assert.Contains(instance.SopInstanceUid, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Structured_report_keeps_the_study_in_a_new_series_and_lists_its_evidence()
    {
        var result = Result(0.2, 0.3);
        var path = Write("sr.dcm", StructuredReportBuilder.Build(result));
        var (exitCode, _, errors) = Dcmtk.TryRun("dcmdump", "-E", path);
        Assert.True(exitCode == 0 && errors.Length == 0, $"dcmdump exited {exitCode}: {errors}");

        var report = TestCodec.ReadFile(path).Dataset;
        Assert.Equal(studyUid, report.GetString(DicomTags.StudyInstanceUid));
        Assert.NotEqual(first.GetString(DicomTags.SeriesInstanceUid), report.GetString(DicomTags.SeriesInstanceUid));
        Assert.Equal("PID-7", report.GetString(DicomTags.PatientId));
        Assert.Equal(StructuredReportBuilder.ComprehensiveSrStorage, report.GetString(DicomTags.SopClassUid));
        Assert.StartsWith("2.25.", report.GetString(DicomTags.SopInstanceUid), StringComparison.Ordinal);

        var finding = report.GetItems(DicomTags.ContentSequence).Single(i => i.GetString(DicomTags.ValueType) == "CODE");
        Assert.Equal("2667000", finding.GetItems(DicomTags.ConceptCodeSequence).Single().GetString(DicomTags.CodeValue)); // Absent

        var referenced = report.GetItems(DicomTags.CurrentRequestedProcedureEvidenceSequence).Single()
            .GetItems(DicomTags.ReferencedSeriesSequence)
            .SelectMany(s => s.GetItems(DicomTags.ReferencedSopSequence))
            .Select(r => r.GetString(DicomTags.ReferencedSopInstanceUid)!)
            .ToHashSet();
        Assert.Equal(result.Instances.Select(i => i.SopInstanceUid).ToHashSet(), referenced);
    }

    [Fact]
    public void The_same_result_gives_the_same_report_uids_and_a_different_result_new_ones()
    {
        var once = StructuredReportBuilder.Build(Result(0.2, 0.9));
        var again = StructuredReportBuilder.Build(Result(0.2, 0.9));
        var other = StructuredReportBuilder.Build(Result(0.2, 0.8));
        Assert.Equal(once.GetString(DicomTags.SopInstanceUid), again.GetString(DicomTags.SopInstanceUid));
        Assert.NotEqual(once.GetString(DicomTags.SopInstanceUid), other.GetString(DicomTags.SopInstanceUid));
        Assert.True(DicomUid.IsValid(once.GetString(DicomTags.SeriesInstanceUid)));
    }

    [Fact]
    public void Secondary_capture_marks_a_copy_of_the_most_suspicious_image_and_leaves_the_original_alone()
    {
        var result = Result(0.1, 0.95);
        var sourcePath = Write("source.dcm", second);
        var sourceBytes = File.ReadAllBytes(sourcePath);
        var rendered = TestCodec.Pipeline.FromFile(sourceBytes).Rendered;
        var pixelsBefore = ((DicomValueElement)second.Get(DicomTags.PixelData)!).Value.ToArray();

        var capture = SecondaryCaptureBuilder.Build(result, rendered);
        var path = Write("sc.dcm", capture);
        var (exitCode, dump, errors) = Dcmtk.TryRun("dcmdump", "-E", path);
        Assert.True(exitCode == 0 && errors.Length == 0, $"dcmdump exited {exitCode}: {errors}");
        Assert.Contains(second.GetString(DicomTags.SopInstanceUid)!, dump, StringComparison.Ordinal); // Source Image Sequence

        var marked = TestCodec.Pipeline.FromFile(File.ReadAllBytes(path)).Rendered;
        Assert.False(marked.Grayscale);
        Assert.Equal((Width, Height), (marked.Width, marked.Height));
        var markerPixels = 0;
        for (var i = 0; i < Width * Height; i++)
        {
            var (r, g, b) = (marked.Pixels[i * 3], marked.Pixels[(i * 3) + 1], marked.Pixels[(i * 3) + 2]);
            if ((r, g, b) == (255, 200, 0))
                markerPixels++;
            else
                Assert.True(r == rendered.Pixels[i] && g == r && b == r, $"pixel {i} changed outside the marker");
        }

        Assert.True(markerPixels > 2 * (Width + Height), $"{markerPixels} marker pixels");
        Assert.Equal(pixelsBefore, ((DicomValueElement)second.Get(DicomTags.PixelData)!).Value.ToArray());
        Assert.Equal(sourceBytes, File.ReadAllBytes(sourcePath));
        Assert.Equal(studyUid, TestCodec.ReadFile(path).Dataset.GetString(DicomTags.StudyInstanceUid));
    }
}

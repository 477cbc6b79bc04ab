using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Contracts.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Network;
using FracCluster.Grains.Intake;
using Microsoft.Extensions.Logging.Abstractions;

namespace FracCluster.Cluster.Tests.Dicom;

/// <summary>
/// DICOM into the running silo and reports back out: dcmtk's storescu as the modality, storescp as the PACS, the
/// production intake, batch decoder (tiny real model) and study grain in between.
/// </summary>
public sealed class DicomIntakeTests(DicomSiloFixture fixture) : IClassFixture<DicomSiloFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    [Fact]
    public async Task Instances_sent_by_storescu_get_one_result_each_scored_like_the_same_pixels_as_png_and_each_study_one_report()
    {
        var studies = new[] { NewStudy(2, firstSeed: 1), NewStudy(3, firstSeed: 3) };
        var files = await WriteFilesAsync("two-studies", studies);

        var (exit, output) = StoreScu(files);
        Assert.True(exit == 0, output);

        foreach (var study in studies)
        {
            foreach (var instance in study.Instances)
            {
                var result = await WaitForScanAsync(ScanIds.For(DicomSiloFixture.ScannerId, instance.SopUid));
                Assert.Equal(ScanStatus.Completed, result.Status);
                Assert.Equal(DicomSiloFixture.ScannerId, result.ScannerId);
                Assert.Equal(new DicomInstanceRef
                {
                    StudyInstanceUid = study.StudyUid,
                    SeriesInstanceUid = study.SeriesUid,
                    SopInstanceUid = instance.SopUid,
                    SopClassUid = DicomTestImages.DigitalXRayForPresentation,
                    CallingAeTitle = DicomSiloFixture.CallingAe,
                }, result.Dicom);
                var png = await SubmitPngAsync(DicomTestImages.Png(instance.Pixels));
                Assert.Equal(ScanStatus.Completed, png.Status);
                Assert.Equal(png.ProbabilityFractured!.Value, result.ProbabilityFractured!.Value, 1e-5);
                instance.Probability = result.ProbabilityFractured.Value;
            }
        }
        Assert.True(studies.SelectMany(s => s.Instances).Select(i => i.Probability).Distinct().Count() > 1,
            $"the images should score differently: {string.Join(", ", studies.SelectMany(s => s.Instances).Select(i => i.Probability.ToString("R", CultureInfo.InvariantCulture)))}");

        foreach (var study in studies)
        {
            // The second destination never answers: after its 3 tries the study is ExportFailed, the PACS has its report.
            var result = await WaitForStudyAsync(study.StudyUid, s => s.Status == DicomStudyStatus.ExportFailed);
            Assert.Equal(study.Instances.Select(i => i.SopUid).Order(), result.Instances.Select(i => i.Instance.SopInstanceUid).Order());
            Assert.All(result.Instances, i => Assert.Equal(DicomSiloFixture.ScannerId, i.ScannerId));
            var top = study.Instances.MaxBy(i => i.Probability)!;
            Assert.Equal(top.SopUid, result.MostSuspiciousSopInstanceUid);
            Assert.Equal(top.Probability, result.HighestProbability);
            Assert.Equal(top.Probability >= 0.5f, result.FracturePresent);
            Assert.False(string.IsNullOrEmpty(result.ModelVersion));
            var pacs = Assert.Single(result.Exports, e => e.Destination.StartsWith(DicomSiloFixture.PacsAe + "@", StringComparison.Ordinal));
            Assert.Equal(DicomExportStatus.Sent, pacs.Status);
            var down = Assert.Single(result.Exports, e => e.Destination.StartsWith("DOWN@", StringComparison.Ordinal));
            Assert.Equal(DicomExportStatus.Failed, down.Status);
            Assert.Equal(3, down.Attempts);
            Assert.Contains("ConnectFailed", down.LastError, StringComparison.Ordinal);

            var report = Assert.Single(ReportsAtPacs(study.StudyUid));
            Assert.Equal(pacs.ReportSopInstanceUid, report.SopInstanceUid);
            var referenced = ReferencedInstances(report.Dump);
            Assert.Equal(study.Instances.Select(i => i.SopUid).Order(), referenced.Order());
        }

        var metrics = await fixture.Http.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("fraccluster_dicom_exports", StringComparison.Ordinal) && l.Contains("outcome=\"failed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resent_instance_is_a_duplicate_and_a_reused_sop_instance_uid_with_other_pixels_is_refused()
    {
        var study = NewStudy(1, firstSeed: 11);
        var files = await WriteFilesAsync("resend", [study]);
        var instance = study.Instances[0];
        var scanId = ScanIds.For(DicomSiloFixture.ScannerId, instance.SopUid);
        Assert.Equal(0, StoreScu(files).ExitCode);
        var first = await WaitForScanAsync(scanId);
        var settled = await WaitForStudyAsync(study.StudyUid, s => s.Status == DicomStudyStatus.ExportFailed);

        var again = StoreScu(files);

        Assert.True(again.ExitCode == 0, again.Output);
        await Task.Delay(TimeSpan.FromSeconds(2)); // more than the quiet period: a reopened study would show by now
        Assert.Equal(first, await WaitForScanAsync(scanId));
        var after = await GetStudyAsync(study.StudyUid);
        Assert.Equal(DicomStudyStatus.ExportFailed, after!.Status);
        Assert.Equal(settled.StableAt, after.StableAt);
        Assert.Single(after.Instances);
        Assert.Single(ReportsAtPacs(study.StudyUid));

        var other = DicomTestImages.DataSet(DicomTestImages.Pixels(12), study.StudyUid, study.SeriesUid, instance.SopUid);
        var response = await StoreAsync(instance.SopUid, other);

        Assert.Equal(DicomStatus.DuplicateSopInstance, response.Status);
        Assert.Contains("Conflict", response.ErrorComment, StringComparison.Ordinal);
        Assert.Equal(first, await WaitForScanAsync(scanId));
    }

    [Fact]
    public async Task An_unreadable_instance_is_refused_as_cannot_understand_with_its_reason()
    {
        var sopUid = DicomUid.Generate();
        var good = DicomTestImages.DataSet(DicomTestImages.Pixels(21), DicomUid.Generate(), DicomUid.Generate(), sopUid);
        var truncated = good[..(good.Length - 300)];

        var response = await StoreAsync(sopUid, truncated);

        Assert.Equal(0xC000, response.Status.Code & 0xF000);
        Assert.Contains("LengthPastEnd", response.ErrorComment, StringComparison.Ordinal);
        var scan = await fixture.Http.GetAsync($"/v1/scans/{ScanIds.For(DicomSiloFixture.ScannerId, sopUid)}");
        Assert.Equal(HttpStatusCode.NotFound, scan.StatusCode);
    }

    [Fact]
    public async Task An_instance_arriving_after_the_study_settled_reopens_it_and_a_second_report_references_both()
    {
        var study = NewStudy(2, firstSeed: 31);
        var files = await WriteFilesAsync("late", [study]);
        Assert.Equal(0, StoreScu([files[0]]).ExitCode);
        var first = await WaitForStudyAsync(study.StudyUid, s => s.Status == DicomStudyStatus.ExportFailed);
        Assert.Single(first.Instances);

        Assert.Equal(0, StoreScu([files[1]]).ExitCode);

        var second = await WaitForStudyAsync(study.StudyUid, s => s.Status == DicomStudyStatus.ExportFailed && s.Instances.Count == 2);
        Assert.True(second.StableAt > first.StableAt);
        var reports = ReportsAtPacs(study.StudyUid);
        Assert.Equal(2, reports.Count);
        Assert.Equal(study.Instances.Select(i => i.SopUid).Order(),
            ReferencedInstances(reports.Single(r => r.SopInstanceUid != first.Exports[0].ReportSopInstanceUid && r.SopInstanceUid != first.Exports[1].ReportSopInstanceUid).Dump).Order());
    }

    [Fact]
    public async Task The_study_api_needs_the_key_a_valid_uid_and_a_known_study()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/v1/studies/{DicomUid.Generate()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Http.GetAsync("/v1/studies/not-a-uid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/v1/studies/{DicomUid.Generate()}")).StatusCode);
    }

    private sealed class TestInstance(string sopUid, byte[] pixels)
    {
        public string SopUid { get; } = sopUid;

        public byte[] Pixels { get; } = pixels;

        public float Probability { get; set; }
    }

    private sealed record TestStudy(string StudyUid, string SeriesUid, IReadOnlyList<TestInstance> Instances);

    private sealed record Report(string SopInstanceUid, string Dump);

    private static TestStudy NewStudy(int instances, int firstSeed) => new(
        DicomUid.Generate(),
        DicomUid.Generate(),
        Enumerable.Range(firstSeed, instances).Select(seed => new TestInstance(DicomUid.Generate(), DicomTestImages.Pixels(seed))).ToList());

    private async Task<string[]> WriteFilesAsync(string name, IEnumerable<TestStudy> studies)
    {
        var folder = Path.Combine(fixture.Scratch, name);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var study in studies)
        {
            foreach (var instance in study.Instances)
            {
                var path = Path.Combine(folder, instance.SopUid + ".dcm");
                await File.WriteAllBytesAsync(path, DicomTestImages.Part10(instance.Pixels, study.StudyUid, study.SeriesUid, instance.SopUid));
                files.Add(path);
            }
        }
        return [.. files];
    }

    private (int ExitCode, string Output) StoreScu(string[] files) => Dcmtk.Run("storescu",
        ["-aet", DicomSiloFixture.CallingAe, "-aec", DicomSiloFixture.OurAe, "127.0.0.1", fixture.DicomPort.ToString(CultureInfo.InvariantCulture), .. files]);

    private async Task<DicomStoreResponse> StoreAsync(string sopUid, byte[] dataSet)
    {
        var client = new DicomClient(new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = fixture.DicomPort,
            CallingAeTitle = DicomSiloFixture.CallingAe,
            CalledAeTitle = DicomSiloFixture.OurAe,
        }, NullLogger<DicomClient>.Instance);
        var outcome = Assert.Single(await client.SendAsync([new DicomStoreInstance(DicomTestImages.DigitalXRayForPresentation, sopUid, ExplicitVrLittleEndian, dataSet)], CancellationToken.None));
        return outcome.Response ?? throw new Xunit.Sdk.XunitException($"no response: {outcome.Failure}");
    }

    private async Task<ScanResult> WaitForScanAsync(string scanId)
    {
        ScanResult? result = null;
        await Poll.UntilAsync(async () =>
        {
            result = await fixture.Http.GetFromJsonAsync<ScanResult>($"/v1/scans/{scanId}?wait=5", Json);
            return result is { IsFinal: true };
        }, Timeout, $"scan {scanId} to be final");
        return result!;
    }

    private async Task<ScanResult> SubmitPngAsync(byte[] png)
    {
        using var content = new ByteArrayContent(png);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = content };
        request.Headers.Add("X-Scanner-Id", "png-reference");
        using var response = await fixture.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return await WaitForScanAsync(accepted.GetProperty("scanId").GetString()!);
    }

    private async Task<DicomStudyResult?> GetStudyAsync(string studyUid)
    {
        using var response = await fixture.Http.GetAsync($"/v1/studies/{studyUid}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<DicomStudyResult>(Json);
    }

    private async Task<DicomStudyResult> WaitForStudyAsync(string studyUid, Func<DicomStudyResult, bool> condition)
    {
        DicomStudyResult? study = null;
        await Poll.UntilAsync(async () => (study = await GetStudyAsync(studyUid)) is { } s && condition(s), Timeout,
            $"study {studyUid} to reach the expected state (last seen: {JsonSerializer.Serialize(study, Json)})");
        return study!;
    }

    /// <summary>The Structured Reports storescp received for a study, with dsrdump's reading of each.</summary>
    private List<Report> ReportsAtPacs(string studyUid)
    {
        var reports = new List<Report>();
        foreach (var file in Directory.GetFiles(fixture.PacsFolder))
        {
            var (exit, header) = Dcmtk.Run("dcmdump", "+P", "0020,000d", "+P", "0008,0018", "+P", "0008,0016", file);
            Assert.True(exit == 0, header);
            if (!header.Contains($"[{studyUid}]", StringComparison.Ordinal) || !header.Contains("ComprehensiveSRStorage", StringComparison.Ordinal))
                continue;
            var (dumpExit, dump) = Dcmtk.Run("dsrdump", "-Ei", "+Pu", file);
            Assert.True(dumpExit == 0, dump);
            Assert.DoesNotContain("Error", dump, StringComparison.OrdinalIgnoreCase);
            var sop = header.Split('\n').First(l => l.Contains("(0008,0018)", StringComparison.Ordinal));
            reports.Add(new Report(sop[(sop.IndexOf('[') + 1)..sop.IndexOf(']')], dump));
        }
        return reports;
    }

    /// <summary>The SOP Instance UIDs of the IMAGE references in dsrdump's content tree (printed with +Pu).</summary>
    private static List<string> ReferencedInstances(string dump) =>
        dump.Split('\n')
            .Where(l => l.Contains("IMAGE", StringComparison.Ordinal))
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, @"\b\d+(?:\.\d+){2,}\b").Select(m => m.Value))
            .Distinct()
            .ToList();
}

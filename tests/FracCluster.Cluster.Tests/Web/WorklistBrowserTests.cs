using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Silo.Api;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>
/// The web UI in a real browser (headless chromium) against the real silo host: sign in, watch scans arrive live
/// while the page is open, filter, open a scan, and the cluster and training pages. Screenshots are test artefacts.
/// </summary>
public sealed class WorklistBrowserTests(WebSiloFixture app, ITestOutputHelper output) : IClassFixture<WebSiloFixture>
{
    private const int ScanCount = 20;
    private static readonly string[] Scanners = ["ct-ed-1", "dr-ward-2", "dr-ortho-3"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_operator_signs_in_watches_twenty_scans_arrive_live_and_opens_one()
    {
        using var browser = BrowserSession.Start(output);
        var root = app.Http.BaseAddress!.ToString().TrimEnd('/');

        browser.Driver.Navigate().GoToUrl(root + "/ui/");
        browser.WaitFor(d => d.Url.EndsWith("/ui/login", StringComparison.Ordinal), "the sign-in form");
        browser.Find("#key").SendKeys("not-the-key-0123456789" + Keys.Enter);
        browser.WaitFor(d => d.FindElement(By.Id("login-error")).Displayed, "the wrong-key message");
        browser.Find("#key").SendKeys(SiloAppFixture.ApiKey + Keys.Enter);
        browser.WaitFor(d => d.FindElement(By.Id("live")).Text == "Live", "the live worklist");
        Assert.Empty(Rows(browser, "#scan-table"));

        // Sent while the page is open: each must arrive over the event stream, without a reload.
        var sent = await SendScansAsync();
        browser.WaitFor(_ => CompletedRows(browser) == ScanCount, $"{ScanCount} completed scans on the worklist", seconds: 60);
        var results = await Task.WhenAll(sent.Select(s => app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{s.ScanId}?wait=20", Json)));
        var flagged = results.Count(r => r!.ProbabilityFractured >= WebSiloFixture.Threshold);
        Assert.InRange(flagged, 1, ScanCount - 1);
        browser.WaitFor(_ => Rows(browser, "#urgent-table").Count == flagged, "the fractured-and-urgent list");
        var firstUrgent = Rows(browser, "#urgent-table")[0].FindElements(By.TagName("td"));
        Assert.Equal("urgent", firstUrgent[2].Text);
        WaitForThumbnails(browser);
        Assert.Equal(768L, browser.Script("return window.innerHeight;"));
        browser.Screenshot("worklist");

        // Filters: one scanner's scans only; then the probability order puts the highest first.
        Choose(browser, "filter-scanner", Scanners[1]);
        browser.WaitFor(_ => Rows(browser, "#scan-table").Count == sent.Count(s => s.Scanner == Scanners[1]), "the scanner filter");
        Choose(browser, "filter-scanner", "");
        Choose(browser, "sort", "probability");
        var highest = results.Max(r => r!.ProbabilityFractured!.Value);
        browser.WaitFor(_ => Rows(browser, "#scan-table")[0].FindElements(By.TagName("td"))[3].Text == Percent(highest), "the highest probability first");

        // Keyboard: the first row's Open button, activated with Enter, opens the scan with its image and heatmap panel.
        var open = Rows(browser, "#scan-table")[0].FindElement(By.CssSelector("button"));
        open.SendKeys(Keys.Enter);
        browser.WaitFor(d => d.FindElement(By.Id("detail")).Displayed, "the scan panel");
        browser.WaitFor(_ => (bool)browser.Script("const i = document.getElementById('detail-image'); return i.complete && i.naturalWidth > 0;")!, "the scan's image");
        browser.WaitFor(_ => (bool)browser.Script(
            "const h = document.getElementById('detail-heatmap'); return (!h.hidden && h.complete && h.naturalWidth > 0) || !document.getElementById('heatmap-missing').hidden;")!, "the heatmap panel");
        var record = browser.Find("#detail-record").Text;
        Assert.Contains(Percent(highest), record, StringComparison.Ordinal);
        Assert.Contains("Completed", record, StringComparison.Ordinal);
        browser.Screenshot("scan");

        // No patient data in what the browser shows as address or title: client scan ids never appear in either.
        Assert.DoesNotContain(sent, s => browser.Driver.Url.Contains(s.ClientScanId, StringComparison.Ordinal) || browser.Driver.Title.Contains(s.ClientScanId, StringComparison.Ordinal));
        var requested = (IReadOnlyCollection<object>)browser.Script("return performance.getEntriesByType('resource').map(e => e.name);")!;
        Assert.DoesNotContain(requested.Cast<string>(), url => sent.Any(s => url.Contains(s.ClientScanId, StringComparison.Ordinal)));

        // An image that cannot be decoded ends Rejected: the cluster page counts it by reason.
        using (var corrupt = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(TestImages.CorruptPng()) })
        {
            corrupt.Headers.Add(ApiKeyStore.HeaderName, SiloAppFixture.ApiKey);
            corrupt.Headers.Add(ScanEndpoints.ScannerHeader, Scanners[0]);
            using var response = await app.Http.SendAsync(corrupt);
            var accepted = await response.Content.ReadFromJsonAsync<ScanAccepted>(Json);
            var rejected = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{accepted!.ScanId}?wait=20", Json);
            Assert.Equal(ScanStatus.Rejected, rejected!.Status);
        }

        browser.Find("#nav-cluster").Click();
        browser.WaitFor(_ => Rows(browser, "#rejection-table").Count == 1 && Rows(browser, "#rejection-table")[0].Text.EndsWith(" 1", StringComparison.Ordinal), "the rejection by reason");
        browser.WaitFor(_ => Rows(browser, "#model-table").Count == 1 && Rows(browser, "#model-table")[0].Text.Contains("cpu", StringComparison.Ordinal), "the model grain");
        browser.WaitFor(d => d.FindElement(By.Id("cluster-summary")).Text.Contains("every grain runs model version v1", StringComparison.Ordinal), "the cluster summary");
        Assert.Equal("FracCluster — Cluster", browser.Driver.Title);
        browser.Screenshot("cluster");

        browser.Find("#nav-training").Click();
        browser.WaitFor(d => d.FindElement(By.Id("run-empty")).Displayed, "the empty training list");
        browser.Screenshot("training");
    }

    private async Task<List<SentScan>> SendScansAsync()
    {
        var sent = new List<SentScan>();
        for (var i = 0; i < ScanCount; i++)
        {
            var scanner = Scanners[i % Scanners.Length];
            // Scanner-chosen ids may carry patient data; the page must never put them in a URL or title.
            var clientScanId = $"patient-{1000 + i}-accession-{i}";
            var marker = (byte)(i % 4 == 0 ? 220 - i : 20 + (i * 5));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(Radiographs.Png(seed: 100 + i, marker)) };
            request.Headers.Add(ApiKeyStore.HeaderName, SiloAppFixture.ApiKey);
            request.Headers.Add(ScanEndpoints.ScannerHeader, scanner);
            request.Headers.Add(ScanEndpoints.ClientScanIdHeader, clientScanId);
            if (i % 8 == 0)
                request.Headers.Add(ScanEndpoints.PriorityHeader, "urgent");
            using var response = await app.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var accepted = await response.Content.ReadFromJsonAsync<ScanAccepted>(Json);
            sent.Add(new SentScan(accepted!.ScanId, scanner, clientScanId));
        }
        return sent;
    }

    /// <summary>Picks an option the way a user does (a click on it), which fires the select's change event.</summary>
    private static void Choose(BrowserSession browser, string selectId, string value)
    {
        browser.Find($"#{selectId}").Click();
        browser.Find($"#{selectId} option[value='{value}']").Click();
    }

    private static IReadOnlyList<IWebElement> Rows(BrowserSession browser, string table) =>
        browser.Driver.FindElements(By.CssSelector(table + " tbody tr"));

    private static int CompletedRows(BrowserSession browser) =>
        browser.Driver.FindElements(By.CssSelector("#scan-table tbody .badge.Completed")).Count;

    private static void WaitForThumbnails(BrowserSession browser) =>
        browser.WaitFor(_ => (bool)browser.Script("return Array.from(document.querySelectorAll('img.thumb')).every(i => i.complete && i.naturalWidth > 0);")!, "the thumbnails");

    private static string Percent(float probability) =>
        (probability * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %";

    private sealed record SentScan(string ScanId, string Scanner, string ClientScanId);
}

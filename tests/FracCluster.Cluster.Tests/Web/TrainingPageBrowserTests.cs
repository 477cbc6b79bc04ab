using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts.Training;
using FracCluster.Silo.Api;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>The training page in a real browser while a tiny run trains on the silo: the run, its curves and its report.</summary>
public sealed class TrainingPageBrowserTests(TrainingSiloApp app, ITestOutputHelper output) : IClassFixture<TrainingSiloApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task A_run_shows_its_progress_curves_and_rendered_report_with_figures()
    {
        using var browser = BrowserSession.Start(output);
        browser.SignIn(app.Http.BaseAddress!.ToString().TrimEnd('/'), TrainingSiloApp.ApiKey);
        browser.Find("#nav-training").Click();
        browser.WaitFor(d => d.FindElement(By.Id("run-empty")).Displayed, "the empty run list");

        using var start = new HttpRequestMessage(HttpMethod.Post, "/v1/training")
        {
            Content = JsonContent.Create(new { dataset = "blob:datasets/synth", weights = "models/tiny", epochs = 3, batchSize = 8, seed = 3, shardSize = 8, name = "tiny-b0" }),
        };
        start.Headers.Add(ApiKeyStore.HeaderName, TrainingSiloApp.ApiKey);
        using var started = await app.Http.SendAsync(start);
        var run = (await started.Content.ReadFromJsonAsync<TrainingRunStatus>(Json))!;

        browser.WaitFor(d => d.FindElements(By.CssSelector("#run-table tbody tr")).Count == 1, "the run in the list");
        browser.Find("#run-table tbody tr button").Click();
        browser.WaitFor(d => d.FindElement(By.Id("run-title")).Text == "Run tiny-b0", "the opened run");
        browser.WaitFor(d => d.FindElement(By.Id("run-facts")).Text.Contains("Completed", StringComparison.Ordinal), "the run to complete", seconds: 180);

        // Curves: one point per epoch for each series, drawn from the run's history.
        browser.WaitFor(_ => Convert.ToInt64(browser.Script("return document.querySelectorAll('#loss-chart circle').length;"), System.Globalization.CultureInfo.InvariantCulture) == 2 * 3, "the loss curves");
        Assert.Equal(2L, browser.Script("return document.querySelectorAll('#auc-chart polyline').length;"));
        // The report: rendered Markdown (a heading, the metrics table) with its figures loaded from the run's artifacts.
        browser.WaitFor(_ => (bool)browser.Script(
            "const imgs = Array.from(document.querySelectorAll('#report img')); return imgs.length >= 3 && imgs.every(i => i.complete && i.naturalWidth > 0);")!, "the report's figures", seconds: 60);
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#report h3")));
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#report table td")));
        Assert.Contains(browser.Driver.FindElements(By.CssSelector("#run-facts dd")), dd => dd.Text == run.RunId);
        browser.Script("document.getElementById('run').scrollIntoView();");
        browser.Screenshot("training-run");
    }
}

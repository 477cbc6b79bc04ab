using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>
/// Debian's chromium, headless, driven through /usr/bin/chromedriver at a laptop's 1366×768. Screenshots go to
/// <c>screenshots/</c> in the test output folder (kept as test artefacts) and their paths are written to the test log.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    public const string ChromiumBinary = "/usr/bin/chromium";
    public const string ChromeDriverBinary = "/usr/bin/chromedriver";

    private readonly ITestOutputHelper _output;

    private BrowserSession(ChromeDriver driver, ITestOutputHelper output)
    {
        Driver = driver;
        _output = output;
    }

    public ChromeDriver Driver { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static BrowserSession Start(ITestOutputHelper output)
    {
        foreach (var binary in new[] { ChromiumBinary, ChromeDriverBinary })
        {
            if (!File.Exists(binary))
                throw new InvalidOperationException($"The browser tests need Debian's chromium and chromium-driver ({binary} is missing): apt-get install chromium chromium-driver (.ci/run installs them).");
        }
        var options = new ChromeOptions { BinaryLocation = ChromiumBinary };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,768", "--force-device-scale-factor=1", "--lang=en-GB");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverBinary)!, Path.GetFileName(ChromeDriverBinary));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
        return new BrowserSession(driver, output);
    }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public T WaitFor<T>(Func<IWebDriver, T> condition, string what, double seconds = 30)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Message = $"waiting for {what}";
        return wait.Until(condition);
    }

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Saves a PNG of the viewport and logs where it is.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}

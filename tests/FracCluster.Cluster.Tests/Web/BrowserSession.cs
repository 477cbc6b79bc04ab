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
        // --window-size sizes the window, not the page: grow it by the browser's own chrome so the page gets 1366×768.
        var chrome = Convert.ToInt32(driver.ExecuteScript("return window.outerHeight - window.innerHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        if (chrome > 0)
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768 + chrome);
        return new BrowserSession(driver, output);
    }

    /// <summary>Signs in through the form at <c>/ui/login</c> and waits for the worklist's live connection.</summary>
    public void SignIn(string root, string key)
    {
        Driver.Navigate().GoToUrl(root + "/ui/login");
        Find("#key").SendKeys(key + Keys.Enter);
        WaitFor(d => d.FindElement(By.Id("live")).Text == "Live", "the live worklist after signing in");
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

using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Pipeline.Web.Tests;

/// <summary>
/// Debian's headless Chromium driven through its chromium-driver, both at fixed paths (PIPELINE_CHROMIUM and
/// PIPELINE_CHROMEDRIVER override them) so Selenium never tries to download a browser or driver. Missing binaries fail
/// the tests with a message saying what to install; .ci/run installs them.
/// </summary>
public sealed class Browser : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly string profile;

    private Browser(ChromeDriver driver, string profile)
    {
        Driver = driver;
        this.profile = profile;
    }

    public ChromeDriver Driver { get; }

    public static Browser Start()
    {
        var chromium = Environment.GetEnvironmentVariable("PIPELINE_CHROMIUM") ?? "/usr/bin/chromium";
        var chromedriver = Environment.GetEnvironmentVariable("PIPELINE_CHROMEDRIVER") ?? "/usr/bin/chromedriver";
        foreach (var required in new[] { chromium, chromedriver })
        {
            if (!File.Exists(required))
            {
                throw new InvalidOperationException($"{required} is missing: install Debian's browser and driver (apt-get install -y chromium chromium-driver), as .ci/run does.");
            }
        }

        var profile = Path.Combine(Path.GetTempPath(), "pipeline-web-tests-" + Guid.NewGuid().ToString("N"));
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return new Browser(driver, profile);
    }

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Polls the page until <paramref name="find"/> returns a value (bounded: fails after 30 s with what it waited for).</summary>
    public T WaitFor<T>(string what, Func<IWebDriver, T?> find)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (find(Driver) is { } found)
                {
                    return found;
                }
            }
            catch (Exception e) when (e is NoSuchElementException or StaleElementReferenceException)
            {
                // The live section was swapped while we read it: look again.
            }

            if (clock.Elapsed > WaitLimit)
            {
                throw new TimeoutException($"Waited {WaitLimit.TotalSeconds} s for {what}. Page: {Driver.Url}");
            }

            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a file for a moment; the temp folder is cleaned by the system.
            }
        }
    }
}

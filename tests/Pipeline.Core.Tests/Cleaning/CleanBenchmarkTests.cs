using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Cleaning;
using Pipeline.Evaluation;
using Pipeline.Evaluation.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public sealed class CleanBenchmarkTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "clean-bench-" + Guid.NewGuid().ToString("N"));

    public CleanBenchmarkTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Run_SnippetFolder_MicroAveragesSnippets()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        File.WriteAllBytes(Path.Combine(folder, "a.html"), Encoding.GetEncoding(1252).GetBytes(TestPages.NewsPage().Replace("utf-8", "windows-1252", StringComparison.Ordinal)));
        var evaldata = new Dictionary<string, object>
        {
            ["https://gazette.example.org/a"] = new
            {
                file = "a.html",
                with = new[] { TestPages.ArticleParagraphs[0][..60], TestPages.ArticleParagraphs[2][..50] },
                without = new[] { "We use cookies", "Tram fares to rise" },
            },
        };
        File.WriteAllText(Path.Combine(folder, "evaldata.json"), JsonSerializer.Serialize(evaldata));

        var report = CleanBenchmark.Run(folder, CleanBenchInput.Html, CleaningOptions.Default);

        Assert.Equal("snippets", report.Format);
        Assert.Equal(1, report.Pages);
        Assert.Equal(1, report.Precision);
        Assert.Equal(1, report.Recall);
        Assert.Equal(1, report.Accuracy);
    }

    [Fact]
    public void Run_AebFolder_ScoresHtmlAndTextDumps()
    {
        Directory.CreateDirectory(Path.Combine(folder, "html-gz"));
        Directory.CreateDirectory(Path.Combine(folder, "text-dumps"));
        using (var file = File.Create(Path.Combine(folder, "html-gz", "p1.html.gz")))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(TestPages.NewsPage()));
        }

        File.WriteAllText(Path.Combine(folder, "text-dumps", "p1.txt"), TestPages.TextDump());
        var truth = new Dictionary<string, object>
        {
            ["p1"] = new { articleBody = string.Join("\n", TestPages.ArticleParagraphs), url = "https://gazette.example.org/a" },
        };
        File.WriteAllText(Path.Combine(folder, "ground-truth.json"), JsonSerializer.Serialize(truth));

        var html = CleanBenchmark.Run(folder, CleanBenchInput.Html, CleaningOptions.Default);
        var text = CleanBenchmark.Run(folder, CleanBenchInput.Text, CleaningOptions.Default);

        Assert.Equal("aeb-html", html.Format);
        // The sub-heading the page keeps is not in the truth: a few shingles across it differ.
        Assert.True(html.Recall > 0.9 && html.Precision > 0.9, $"P {html.Precision} R {html.Recall}");
        Assert.Equal(1, text.F1);
        Assert.Equal(1, text.Accuracy);
    }

    [Fact]
    public void Run_Repeated_ScoresAsOnceAndReportsEachPagesFastestTime()
    {
        File.WriteAllText(Path.Combine(folder, "a.html"), TestPages.NewsPage());
        var evaldata = new Dictionary<string, object>
        {
            ["https://gazette.example.org/a"] = new { file = "a.html", with = new[] { TestPages.ArticleParagraphs[1][..50] }, without = new[] { "We use cookies" } },
        };
        File.WriteAllText(Path.Combine(folder, "evaldata.json"), JsonSerializer.Serialize(evaldata));

        var once = CleanBenchmark.Run(folder, CleanBenchInput.Html, CleaningOptions.Default);
        var repeated = CleanBenchmark.Run(folder, CleanBenchInput.Html, CleaningOptions.Default, repeat: 5);

        Assert.Equal(once.F1, repeated.F1);
        Assert.Equal(once.Accuracy, repeated.Accuracy);
        Assert.True(repeated.MsPerPageMedian > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => CleanBenchmark.Run(folder, CleanBenchInput.Html, CleaningOptions.Default, repeat: 0));
    }

    [Fact]
    public void Run_UnknownFolder_ThrowsBenchDataException()
    {
        Assert.Throws<BenchDataException>(() => CleanBenchmark.Run(folder, CleanBenchInput.Html, CleaningOptions.Default));
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new double[] { 5 }, 0.95, 5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 0.95, 10.5)]
    public void Percentile_InterpolatesBetweenRanks(double[] values, double quantile, double expected)
    {
        Assert.Equal(expected, Percentiles.Of(values, quantile), 9);
    }
}

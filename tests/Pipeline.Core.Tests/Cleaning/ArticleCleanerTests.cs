using System.Text;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public class ArticleCleanerTests
{
    static ArticleCleanerTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static CleanedArticle CleanOk(string name, string content)
    {
        var outcome = ArticleCleaner.Clean(TestPages.Document(name, content), CleaningOptions.Default);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.Reason);
        return outcome.Value!;
    }

    [Fact]
    public void Clean_NewsPage_KeepsEveryArticleParagraph()
    {
        var article = CleanOk("page.html", TestPages.NewsPage());

        foreach (var paragraph in TestPages.ArticleParagraphs)
        {
            Assert.Contains(paragraph, article.Text, StringComparison.Ordinal);
        }

        Assert.Contains("How it will be paid for", article.Text, StringComparison.Ordinal);
        Assert.Equal(SourceKind.Html, article.Kind);
    }

    [Theory]
    [InlineData("should never appear")]
    [InlineData("We use cookies")]
    [InlineData("Tram fares to rise")]
    [InlineData("Great news, finally")]
    [InlineData("All rights reserved")]
    [InlineData("daily newsletter")]
    [InlineData("Tweet")]
    [InlineData("Sport")]
    public void Clean_NewsPage_DropsFurniture(string furniture)
    {
        var article = CleanOk("page.html", TestPages.NewsPage());

        Assert.DoesNotContain(furniture, article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("We use cookies", RemovalReasons.CookieNotice)]
    [InlineData("Tram fares to rise", RemovalReasons.RelatedLinks)]
    [InlineData("Great news, finally", RemovalReasons.Comments)]
    [InlineData("daily newsletter", RemovalReasons.SubscriptionPitch)]
    [InlineData("All rights reserved", RemovalReasons.LegalFooter)]
    public void Clean_NewsPage_ExplainsEachRemoval(string furniture, string reason)
    {
        var article = CleanOk("page.html", TestPages.NewsPage());

        Assert.Contains(article.Removed, r => r.Text.Contains(furniture, StringComparison.Ordinal) && r.Reason == reason);
    }

    [Fact]
    public void Clean_NewsPage_ReadsMetadataFromJsonLdFirst()
    {
        var metadata = CleanOk("page.html", TestPages.NewsPage()).Metadata;

        Assert.Equal("Night buses extended to the north", metadata.Title);
        Assert.Equal(["Jane Doe", "Sam Roe"], metadata.Authors);
        Assert.Equal("2024-03-05T09:30:00+01:00", metadata.Published);
        Assert.Equal("2024-03-05T11:00:00+01:00", metadata.Updated);
        Assert.Equal("The Example Gazette", metadata.Outlet);
        Assert.Equal("https://gazette.example.org/news/night-buses", metadata.Url);
        Assert.Equal("en-GB", metadata.DeclaredLanguage);
        Assert.Equal("The council extends night buses.", metadata.Description);
    }

    [Fact]
    public void Clean_JsonLdWithWebPageBeforeArticle_PrefersTheArticleNode()
    {
        var ld = """[{"@type":"WebPage","name":"Section front","datePublished":"2020-01-01"},{"@type":"ReportageNewsArticle","headline":"The real headline","datePublished":"2024-02-02"}]""";
        var html = "<html><head><script type=\"application/ld+json\">" + ld + "</script></head><body><article><p>" + TestPages.ArticleParagraphs[0] + "</p></article></body></html>";

        var metadata = CleanOk("ld.html", html).Metadata;

        Assert.Equal("The real headline", metadata.Title);
        Assert.Equal("2024-02-02", metadata.Published);
    }

    [Fact]
    public void Clean_PageWithoutJsonLd_FallsBackToOpenGraphAndTime()
    {
        var html = """
            <html><head><meta property="og:title" content="Harbour reopens"><meta property="og:site_name" content="Coast News">
            <meta name="author" content="Ann Lee"></head><body><article><time datetime="2023-07-01">1 July</time>
            <p>The harbour reopened on Saturday after a month of repairs to the sea wall, and the first ferries arrived in the afternoon.</p>
            <p>Fishermen said the closure had cost them most of the early season, but they welcomed the stronger wall.</p></article></body></html>
            """;

        var metadata = CleanOk("harbour.html", html).Metadata;

        Assert.Equal("Harbour reopens", metadata.Title);
        Assert.Equal("Coast News", metadata.Outlet);
        Assert.Equal(["Ann Lee"], metadata.Authors);
        Assert.Equal("2023-07-01", metadata.Published);
    }

    [Fact]
    public void Clean_Windows1252PageWithMetaCharset_DecodesCorrectly()
    {
        var html = "<html><head><meta charset=\"windows-1252\"></head><body><article><p>Le caf\u00e9 \u00ab\u00a0chez Ren\u00e9\u00a0\u00bb a rouvert ses portes apr\u00e8s des travaux qui ont dur\u00e9 pr\u00e8s de six mois, au grand plaisir des habitu\u00e9s.</p></article></body></html>";
        var document = new SourceDocument("cafe.html", Encoding.GetEncoding(1252).GetBytes(html));

        var article = ArticleCleaner.Clean(document, CleaningOptions.Default).Value!;

        Assert.Equal("windows-1252", article.Encoding);
        Assert.Contains("Le café « chez René » a rouvert", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_MojibakeInText_IsRepaired()
    {
        var article = CleanOk("dump.txt", "Iranâ€™s foreign minister said on Sunday that the programme was not open to negotiation, and that the matter was closed for good.");

        Assert.Contains("Iran’s foreign minister", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_TextDump_KeepsArticleAndDropsMenus()
    {
        var article = CleanOk("dump.txt", TestPages.TextDump());

        Assert.Equal(string.Join("\n\n", TestPages.ArticleParagraphs), article.Text);
        Assert.Equal(SourceKind.Text, article.Kind);
    }

    [Fact]
    public void Clean_TextDump_ReadsTitleBylineAndDateFromTheTop()
    {
        var metadata = CleanOk("dump.txt", TestPages.TextDump()).Metadata;

        Assert.Equal("Night buses extended to the north", metadata.Title);
        Assert.Equal(["Jane Doe"], metadata.Authors);
        Assert.Equal("2024-03-05", metadata.Published);
    }

    [Fact]
    public void Clean_TextDump_CollapsesRepeatedHeadline()
    {
        var article = CleanOk("dump.txt", TestPages.TextDump());

        Assert.Contains(article.Removed, r => r.Text == "Night buses extended to the north" && r.Reason == RemovalReasons.DuplicateHeading);
        Assert.Contains(article.Removed, r => r.Text.Contains("[email protected]", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_JsonRecordWithHtml_TakesMetadataFromTheRecordFirst()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            url = "https://crawler.example.org/a/1",
            title = "Crawler title",
            html = TestPages.NewsPage(),
            published = "2024-03-06",
            source = "Crawler Source",
        });

        var article = CleanOk("record.json", json);

        Assert.Equal(SourceKind.Json, article.Kind);
        Assert.Equal("Crawler title", article.Metadata.Title);
        Assert.Equal("https://crawler.example.org/a/1", article.Metadata.Url);
        Assert.Equal("2024-03-06", article.Metadata.Published);
        Assert.Equal("Crawler Source", article.Metadata.Outlet);
        Assert.Equal(["Jane Doe", "Sam Roe"], article.Metadata.Authors);
        Assert.Contains(TestPages.ArticleParagraphs[0], article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_JsonRecordWithText_CleansTheText()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { url = "https://x.example/1", title = "T", text = TestPages.TextDump() });

        var article = CleanOk("record.json", json);

        Assert.Equal(string.Join("\n\n", TestPages.ArticleParagraphs), article.Text);
    }

    [Theory]
    [InlineData("{\"title\":\"T\",\"text\":\"x\"}", "\"url\"")]
    [InlineData("{\"url\":\"https://x\",\"text\":\"x\"}", "\"title\"")]
    [InlineData("{\"url\":\"https://x\",\"title\":\"T\"}", "\"html\" or \"text\"")]
    [InlineData("[1,2,3]", "crawler record")]
    [InlineData("{not json", "not valid JSON")]
    public void Clean_JsonThatIsNotARecord_RejectsAsInvalidJsonNamingTheProblem(string json, string expected)
    {
        var outcome = ArticleCleaner.Clean(TestPages.Document("record.json", json), CleaningOptions.Default);

        Assert.Equal("invalid-json", outcome.Rejection?.Code);
        Assert.Contains(expected, outcome.Rejection!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.txt", new byte[0], "empty")]
    [InlineData("blank.html", new byte[] { 0x20, 0x0A, 0x09 }, "empty")]
    [InlineData("photo.html", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "binary")]
    public void Clean_NonText_IsRejected(string name, byte[] bytes, string code)
    {
        var outcome = ArticleCleaner.Clean(new SourceDocument(name, bytes), CleaningOptions.Default);

        Assert.Equal(code, outcome.Rejection?.Code);
    }

    [Fact]
    public void Clean_OnlyMenus_RejectsAsNoText()
    {
        var outcome = ArticleCleaner.Clean(TestPages.Document("menu.txt", "Home\nNews\nSport\nPrivacy policy\nSubscribe"), CleaningOptions.Default);

        Assert.Equal("no-text", outcome.Rejection?.Code);
    }

    [Fact]
    public void Clean_BytesInvalidEverywhere_RejectsAsUndecodable()
    {
        // Lone UTF-8 continuation bytes and the bytes Windows-1252, -1251 and ISO-8859-2 leave undefined.
        var bytes = Enumerable.Repeat(new byte[] { 0x98, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x41 }, 50).SelectMany(b => b).ToArray();

        var outcome = ArticleCleaner.Clean(new SourceDocument("odd.txt", bytes), CleaningOptions.Default);

        Assert.Equal("undecodable", outcome.Rejection?.Code);
    }

    [Theory]
    [InlineData("<!doctype html><html><body><p>x</p></body></html>", SourceKind.Html)]
    [InlineData("<div><p>One</p><p>Two</p><br></div>", SourceKind.Html)]
    [InlineData("{\"url\":\"https://x\",\"title\":\"T\",\"text\":\"x\"}", SourceKind.Json)]
    [InlineData("Just a line of text.\nAnd another.", SourceKind.Text)]
    [InlineData("{ not a record, just braces }", SourceKind.Text)]
    public void Sniff_Content_DecidesTheKind(string content, SourceKind expected)
    {
        Assert.Equal(expected, ArticleCleaner.Sniff(content));
    }

    [Theory]
    [InlineData("a.HTML", SourceKind.Html)]
    [InlineData("dir/a.htm", SourceKind.Html)]
    [InlineData("a.txt", SourceKind.Text)]
    [InlineData("a.json", SourceKind.Json)]
    public void KindFromName_Extension_DecidesTheKind(string name, SourceKind expected)
    {
        Assert.Equal(expected, ArticleCleaner.KindFromName(name));
    }

    [Fact]
    public void KindFromName_UnknownExtension_IsNull()
    {
        Assert.Null(ArticleCleaner.KindFromName("blob-without-extension"));
    }

    [Fact]
    public void Clean_LongRemovedBlock_IsShortenedInTheRecord()
    {
        var options = CleaningOptions.Default with { MaxRemovedBlockChars = 40 };
        var outcome = ArticleCleaner.Clean(TestPages.Document("page.html", TestPages.NewsPage()), options);

        Assert.All(outcome.Value!.Removed, r => Assert.True(r.Text.Length <= 40, r.Text));
    }

    [Fact]
    public void Clean_JsonLdBodyWhenMarkupHasNoText_UsesStructuredBody()
    {
        var body = string.Join("\n", TestPages.ArticleParagraphs);
        var html = "<html><head><script type=\"application/ld+json\">" +
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["@type"] = "NewsArticle", ["headline"] = "H", ["articleBody"] = body }) +
            "</script></head><body><div id=\"app\"></div><nav><a href=\"/\">Home</a></nav></body></html>";

        var article = CleanOk("app.html", html);

        Assert.Equal(string.Join("\n\n", TestPages.ArticleParagraphs), article.Text);
    }

    [Fact]
    public void Clean_HowToRenderedFromStructuredDataOnly_UsesItsSteps()
    {
        // A how-to guide whose steps exist only as structured data (HowToStep text with markup, inside a section).
        string[] steps =
        [
            "Measure the diameter of the table top from edge to edge through the middle, and write the figure down.",
            "Add twice the drop you want on every side, then cut a square of cloth whose sides are that long.",
            "Fold the square into quarters, mark an arc from the folded corner with a string and a pencil, and cut along it.",
        ];
        var howTo = new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "HowTo",
            ["name"] = "A round tablecloth in three steps",
            ["description"] = "Whatever the size of your round table, a cloth that fits it takes an afternoon and one piece of fabric.",
            ["step"] = new object[]
            {
                new Dictionary<string, object> { ["@type"] = "HowToStep", ["text"] = "<p>" + steps[0] + "</p>" },
                new Dictionary<string, object>
                {
                    ["@type"] = "HowToSection",
                    ["name"] = "Cutting",
                    ["itemListElement"] = new object[]
                    {
                        new Dictionary<string, object> { ["@type"] = "HowToStep", ["text"] = steps[1] },
                        new Dictionary<string, object> { ["@type"] = "HowToStep", ["itemListElement"] = new Dictionary<string, object> { ["@type"] = "HowToDirection", ["text"] = steps[2] } },
                    },
                },
            },
        };
        var html = "<html><head><script type=\"application/ld+json\">" + System.Text.Json.JsonSerializer.Serialize(howTo)
            + "</script></head><body><div id=\"app\"><p>Become an expert</p></div><nav><a href=\"/\">Home</a></nav></body></html>";

        var article = CleanOk("howto.html", html);

        Assert.All(steps, step => Assert.Contains(step, article.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("<p>", article.Text, StringComparison.Ordinal);
    }
}

using System.Text;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

/// <summary>How the HTML extractor weighs markup cues against the text itself, on small pages written for these tests.</summary>
public class HtmlSelectionTests
{
    private static readonly string[] SecondSection =
    [
        "The second half of the review covers the grill plate, which heats evenly across the middle but stays much cooler near the rim, so thick cuts need turning.",
        "Cleaning took about ten minutes after each use, and the drip tray, which slides out from the front, held all the fat from four large steaks without spilling.",
        "For the price the appliance does what it promises, although the thermostat clicks loudly and the cable is shorter than most kitchens would like it to be.",
    ];

    private static CleanedArticle Clean(string html)
    {
        var outcome = ArticleCleaner.Clean(new SourceDocument("page.html", Encoding.UTF8.GetBytes(html)), CleaningOptions.Default);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.Reason);
        return outcome.Value!;
    }

    private static string Paragraphs(IEnumerable<string> paragraphs) => string.Concat(paragraphs.Select(p => "<p>" + p + "</p>"));

    [Fact]
    public void Clean_ProseInAnElementWithAnAdvertisingClass_IsKept()
    {
        // Layouts put "ads" on sections that merely make room for adverts; the prose inside is the story.
        var html = "<html><body><nav><a href='/'>Home</a></nav><article>"
            + "<section class='report-section'>" + Paragraphs(TestPages.ArticleParagraphs) + "</section>"
            + "<section class='report-section report-section--ads'>" + Paragraphs(SecondSection) + "</section>"
            + "</article></body></html>";

        var article = Clean(html);

        Assert.Contains(SecondSection[1], article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.ArticleParagraphs[0], article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_NoscriptLeftOpenByUnbalancedMarkup_DoesNotSwallowThePage()
    {
        // A browser reads <noscript> as raw text up to </noscript>; parsed as markup, the unclosed <div> carries the
        // rest of the page into the noscript.
        var html = "<html><body><noscript><div class='no-js-warning'></noscript><nav><a href='/'>Home</a></nav><article>"
            + Paragraphs(TestPages.ArticleParagraphs) + "</article></body></html>";

        var article = Clean(html);

        Assert.Contains(TestPages.ArticleParagraphs[2], article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_NoscriptFallbackMessage_IsStillRemoved()
    {
        var html = "<html><body><noscript><p>Please enable JavaScript in your browser to see the interactive map of all routes.</p></noscript><article>"
            + Paragraphs(TestPages.ArticleParagraphs) + "</article></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain("enable JavaScript", article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.ArticleParagraphs[0], article.Text, StringComparison.Ordinal);
    }

    private const string Standfirst = "Night buses will reach the northern districts from the spring, after three years of requests from residents who work late.";

    [Fact]
    public void Clean_StandfirstInAWrapperAboveTheStoryBody_IsKept()
    {
        var html = "<html><body><div class='top'><div class='lead-wrap'><p>" + Standfirst + "</p></div><span>12 March</span></div>"
            + "<div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></body></html>";

        var article = Clean(html);

        Assert.StartsWith(Standfirst, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_ProseAboveTheStoryBehindALinkList_IsNotAdopted()
    {
        var html = "<html><body><div class='top'><p>" + Standfirst + "</p>"
            + "<ul><li><a href='/a'>Ferry timetable changes for the winter season</a></li><li><a href='/b'>Harbour wall repairs finish early</a></li></ul></div>"
            + "<div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain(Standfirst, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_ProseBelowTheStoryOutsideItsContainer_IsNotAdopted()
    {
        const string Bio = "Maria Jensen has covered transport and city politics for the paper since 2015, and before that reported from the port.";
        var html = "<html><body><div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div>"
            + "<div class='bottom'><div class='bio-wrap'><p>" + Bio + "</p></div></div></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain(Bio, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_LeadThatThePageDescriptionRepeats_IsKeptWhereverItSits()
    {
        // The same page as the link-list case above, but the page describes itself with the lead's words.
        var html = "<html><head><meta property='og:description' content='" + Standfirst + "'></head><body><div class='top'><p>" + Standfirst + "</p>"
            + "<ul><li><a href='/a'>Ferry timetable changes for the winter season</a></li><li><a href='/b'>Harbour wall repairs finish early</a></li></ul></div>"
            + "<div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></body></html>";

        var article = Clean(html);

        Assert.StartsWith(Standfirst, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_StandfirstMarkedUpAsASubheadingThatThePageDescriptionRepeats_IsKept()
    {
        var html = "<html><head><meta property='og:description' content='" + Standfirst + "'></head><body><div class='top'><h1>Night buses extended</h1>"
            + "<h2 class='standfirst'>" + Standfirst + "</h2>"
            + "<ul><li><a href='/a'>Ferry timetable changes for the winter season</a></li><li><a href='/b'>Harbour wall repairs finish early</a></li></ul></div>"
            + "<div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></body></html>";

        var article = Clean(html);

        Assert.StartsWith(Standfirst, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Night buses extended", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_StandfirstInsideTheStorysHeader_IsKeptAndTheRestOfTheHeaderGoes()
    {
        var html = "<html><head><meta property='og:description' content='" + Standfirst + "'></head><body><main><article>"
            + "<header><nav class='crumbs'><a href='/'>News</a> <a href='/city'>City</a></nav><h1>Night buses extended</h1>"
            + "<p class='dek'>" + Standfirst + "</p><p class='byline'>By Jane Doe, transport reporter, 5 March 2024</p></header>"
            + "<div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></article></main></body></html>";

        var article = Clean(html);

        Assert.StartsWith(Standfirst, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Doe", article.Text, StringComparison.Ordinal);
        Assert.Contains(article.Removed, r => r.Reason == RemovalReasons.Metadata && r.Text.Contains("Jane Doe", StringComparison.Ordinal) && !r.Text.Contains(Standfirst, StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_SiteHeaderRepeatingTheDescription_StaysFurniture()
    {
        // Outside any <article> or <main> a <header> is the site's: its tagline is not the story's standfirst.
        var html = "<html><head><meta property='og:description' content='" + Standfirst + "'></head><body>"
            + "<header><a href='/'>The Gazette</a><p>" + Standfirst + "</p></header>"
            + "<div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain(Standfirst, article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Night buses will reach the northern districts from the spring, after three years of requests", true)]
    [InlineData("Night buses will reach the northern districts from the spring, after three years of requests from residents who work late. The first line opens in April.", true)]
    [InlineData("Buses, trams and ferries: everything about the city's transport in one place, updated daily by our newsroom", false)]
    public void IsDescribedBy_DescriptionCutShortOrSlightlyLonger_MatchesTheLeadOnly(string description, bool expected) =>
        Assert.Equal(expected, HtmlArticleExtractor.IsDescribedBy(Standfirst, description.TrimEnd('.')));

    [Fact]
    public void IsDescribedBy_BlockManyTimesLongerThanTheDescription_IsFalse()
    {
        var block = Standfirst + " " + string.Join(' ', TestPages.ArticleParagraphs);

        Assert.False(HtmlArticleExtractor.IsDescribedBy(block, Standfirst[..80]));
    }

    private static readonly string[] Slides =
    [
        "The old lighthouse keeper's cottage has been turned into a small museum, with the lamp room open to visitors on weekends from May.",
        "Down at the quay, the fish market still opens at five, and the auction is conducted in the same sing-song calls the grandparents knew.",
        "The chapel on the hill was rebuilt after the storm of 1953, and its windows, paid for by the town's sailors, show every boat then in service.",
        "A walk along the dunes to the south ends at the bird reserve, where terns nest in early summer and the paths are closed to dogs.",
    ];

    [Fact]
    public void Clean_PaywalledStoryUnderALongCommentThread_IsKept()
    {
        // The story's wrapper carries a subscription class, and readers' comments below hold five times its prose. The
        // comments are not the page's article, so they do not make the story look like a small appeal box.
        var comments = string.Concat(Enumerable.Range(1, 5).Select(i =>
            "<li class='comment'><div class='comment-content'>" + Paragraphs(SecondSection.Concat(TestPages.ArticleParagraphs.Skip(1)).Select(p => $"Reader {i} wrote: {p}")) + "</div></li>"));
        var html = "<html><body><nav><a href='/'>Home</a></nav><article><h1>Night buses extended</h1>"
            + "<div class='entry-content has-paywall'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div></article>"
            + "<div id='comments' class='comments-area'><ol class='comment-list'>" + comments + "</ol></div></body></html>";

        var article = Clean(html);

        Assert.All(TestPages.ArticleParagraphs, p => Assert.Contains(p, article.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("Reader 1 wrote", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_SlideshowTellingTheStoryInCaptions_KeepsTheCaptions()
    {
        var slides = string.Concat(Slides.Select((s, i) => "<figure><img src='/s" + i + ".jpg'><figcaption><p>" + s + "</p></figcaption></figure>"));
        var html = "<html><body><div class='gallery'><p>Four places to see on a day in the harbour town.</p>" + slides + "</div></body></html>";

        var article = Clean(html);

        Assert.All(Slides, s => Assert.Contains(s, article.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_SlideshowWhoseCaptionsAreMarkedByItemprop_KeepsTheCaptions()
    {
        // No <figure>: each slide's text is a paragraph that only its itemprop (or class) names a caption.
        var slides = string.Concat(Slides.Select((s, i) => "<section class='slide'><img src='/s" + i + ".jpg'><h2>Slide " + (i + 1) + "</h2><p itemprop='caption description'>" + s + "</p></section>"));
        var html = "<html><body><nav><a href='/'>Home</a></nav><section class='slideshow'>" + slides + "</section></body></html>";

        var article = Clean(html);

        Assert.All(Slides, s => Assert.Contains(s, article.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_CaptionBesideAStoryTellingItsOwnText_IsRemoved()
    {
        var html = "<html><body><div class='story-body'>" + Paragraphs(TestPages.ArticleParagraphs)
            + "<figure><img src='/a.jpg'><figcaption><p>" + Slides[0] + "</p></figcaption></figure></div></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain(Slides[0], article.Text, StringComparison.Ordinal);
        Assert.Contains(article.Removed, r => r.Reason == RemovalReasons.CaptionOrCredit);
    }

    [Fact]
    public void Clean_HeadlineInAWrapperAroundTheOneStoryBody_DoesNotPullInTheFurnitureBesideIt()
    {
        // The wrapper holds the <h1>, but all its prose is the story body's: the headline must not lift the wrapper,
        // with its dateline, its "Report error" link and its list of other headlines, over it.
        var html = "<html><body><nav><a href='/'>Home</a></nav><section class='story'><div class='element article'>"
            + "<h1>Night buses for the northern districts</h1>"
            + "<div class='s-data'><br>The Associated Press<br><span class='date'>Published Monday, November 18, 2019 8:22AM EST</span></div>"
            + "<div class='articleBody'>" + Paragraphs(TestPages.ArticleParagraphs) + "</div>"
            + "<div class='tools'><a href='/report-error'>Report Error</a></div>"
            + "<div class='list'><ul><li><a href='/a'>Tram line closes for a month of repairs</a></li><li><a href='/b'>Fares rise by five per cent in January</a></li></ul></div>"
            + "</div></section></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain("Published Monday", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Report Error", article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.ArticleParagraphs[0], article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.ArticleParagraphs[3], article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_StoryCutIntoCousinSectionsWithLayoutClasses_KeepsEverySection()
    {
        // A page builder puts each run of paragraphs in its own row (a picture between them); the classes say nothing
        // about content, so only the shape tells that the second run is the same story's.
        const string Opening = "The market hall reopened on Saturday after two years of repairs, and by noon the stalls had sold out of bread, cheese and the first strawberries of the season.";
        var html = "<html><body><nav><a href='/'>Home</a></nav><div class='wrap'>"
            + "<div class='row'><div class='rte'>" + Paragraphs([Opening, .. TestPages.ArticleParagraphs]) + "</div></div>"
            + "<div class='row'><div class='pic'><img src='/hall.jpg'></div></div>"
            + "<div class='row'><div class='rte'>" + Paragraphs(SecondSection.Take(2)) + "</div></div>"
            + "</div><footer><p>Contact us</p></footer></body></html>";

        var article = Clean(html);

        Assert.Contains(Opening, article.Text, StringComparison.Ordinal);
        Assert.Contains(SecondSection[1], article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_CousinRowWithTheSameLayoutClassButNoSentence_IsNotTakenForTheStory()
    {
        const string Byline = "By FEDERICA LUSIARDI, architecture desk - 2019-04-10 - Milan, Italy";
        var html = "<html><body><nav><a href='/'>Home</a></nav><div class='wrap'>"
            + "<div class='row'><div class='span12'>" + Byline + "</div></div>"
            + "<div class='row'><div class='span12'>" + Paragraphs([.. TestPages.ArticleParagraphs, .. SecondSection]) + "</div></div>"
            + "</div></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain("LUSIARDI", article.Text, StringComparison.Ordinal);
        Assert.Contains(SecondSection[2], article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void StandingOut_CandidateWhoseOnlyCloseScoresAreItsOwnWrappers_IsTheLeader()
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<div id='wrapper'><div id='body'><p>story</p></div><div id='aside'></div></div>");
        var scores = new Dictionary<AngleSharp.Dom.IElement, double>
        {
            [page.GetElementById("wrapper")!] = 38, [page.GetElementById("body")!] = 43, [page.GetElementById("aside")!] = 16,
        };

        Assert.Same(page.GetElementById("body"), HtmlArticleExtractor.StandingOut(scores));
    }

    [Fact]
    public void StandingOut_CandidateWithANearEqualRivalOutsideItsLine_IsNobody()
    {
        // An article cut into sections: the headline's wrapper must still be able to win over any one section.
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<main id='story'><article id='one'></article><article id='two'></article></main>");
        var scores = new Dictionary<AngleSharp.Dom.IElement, double>
        {
            [page.GetElementById("story")!] = 31, [page.GetElementById("one")!] = 38, [page.GetElementById("two")!] = 36,
        };

        Assert.Null(HtmlArticleExtractor.StandingOut(scores));
    }

    [Fact]
    public void Covers_WiderReadingHoldingTheContainerText_IsTrue()
    {
        var narrower = TestPages.ArticleParagraphs.Take(2).ToList();
        var wider = TestPages.ArticleParagraphs.ToList();

        Assert.True(HtmlArticleExtractor.Covers(wider, narrower));
    }

    [Fact]
    public void Covers_WiderReadingThatFoundOtherText_IsFalse()
    {
        var narrower = TestPages.ArticleParagraphs.Take(2).ToList();
        var wider = new List<string> { TestPages.ArticleParagraphs[0] }.Concat(SecondSection).ToList();

        Assert.False(HtmlArticleExtractor.Covers(wider, narrower));
        Assert.False(HtmlArticleExtractor.Covers(wider, []));
    }

    [Fact]
    public void Clean_ShortAdvertWithAnAdvertisingClass_IsStillRemoved()
    {
        var html = "<html><body><article>" + Paragraphs(TestPages.ArticleParagraphs)
            + "<div class='ad-slot'><p>Discover the new range of garden furniture in our spring catalogue today.</p></div>"
            + "</article></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain("garden furniture", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_LabelHeadingOverARemovedLinkList_GoesWithTheList()
    {
        var html = "<html><body><article>" + Paragraphs(TestPages.ArticleParagraphs)
            + "<h3>From our desk this week</h3><ul>"
            + "<li><a href='/a'>Ferry timetable changes for the winter season</a></li>"
            + "<li><a href='/b'>Harbour wall repairs finish ahead of schedule</a></li>"
            + "<li><a href='/c'>New cycle lane opens along the river</a></li></ul>"
            + "</article></body></html>";

        var article = Clean(html);

        Assert.DoesNotContain("From our desk this week", article.Text, StringComparison.Ordinal);
        Assert.Contains(article.Removed, r => r.Text == "From our desk this week" && r.Reason == RemovalReasons.RelatedLinks);
    }

    [Fact]
    public void Clean_SubheadingFollowedByStoryText_IsKept()
    {
        var html = "<html><body><article>" + Paragraphs(TestPages.ArticleParagraphs.Take(2))
            + "<h2>What happens next</h2>" + Paragraphs(TestPages.ArticleParagraphs.Skip(2)) + "</article></body></html>";

        var article = Clean(html);

        Assert.Contains("What happens next", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_ProseOutsideAnyParagraphElement_IsFoundWhenTheBestBlockIsAStub()
    {
        // The story is in spans separated by line breaks (no <p>, no direct text in its div), so the scored
        // container is a one-line promo; reading the page block by block finds the story.
        var story = string.Join("<br><br>", TestPages.ArticleParagraphs.Concat(SecondSection).Select(p => "<span>" + p + "</span>"));
        var html = "<html><body><div class='promo'><p>Get the weekend edition, with crosswords, puzzles and more, delivered.</p></div>"
            + "<div class='body-copy'>" + story + "</div><footer>Contact the newsroom</footer></body></html>";

        var article = Clean(html);

        Assert.Contains(TestPages.ArticleParagraphs[2], article.Text, StringComparison.Ordinal);
        Assert.Contains(SecondSection[2], article.Text, StringComparison.Ordinal);
    }
}

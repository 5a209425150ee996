using System.Text;
using FsCheck.Xunit;
using Pipeline.Core.Cleaning;

namespace Pipeline.Core.Tests.Cleaning;

/// <summary>Invariants of the clean stage on generated dumps and pages.</summary>
public class CleaningPropertyTests
{
    private static readonly string[] Sentences =
    [
        .. TestPages.ArticleParagraphs,
        "The report was published on Monday and has since been shared widely among local groups.",
        "Officials declined to comment on the figures, saying that a full review was still under way.",
        "Short line.",
        "In the meantime, residents have been asked to use the existing services where they can.",
    ];

    private static readonly string[] Furniture =
    [
        "Home", "News", "Sport", "Subscribe", "Privacy policy", "Share on Facebook", "Advertisement", "© 2024 Example. All rights reserved.",
        "Related stories", "Sign up for our newsletter", "We use cookies to improve your experience. Accept cookies", "contact: [email protected]", "Read more",
        "Tram fares to rise in the autumn", "", "Dear Reader,", "For $5 a month you will receive access to our journalism without ads, as many readers asked.", "• No ads", "Thank you,",
        "Tram fares to rise in the autumn Tram fares to rise in the autumn", "Local news since 1998",
    ];

    private static string Dump(byte[] choices)
    {
        var builder = new StringBuilder();
        foreach (var choice in choices)
        {
            builder.Append(choice % 2 == 0 ? Sentences[choice / 2 % Sentences.Length] : Furniture[choice / 2 % Furniture.Length]);
            builder.Append(choice % 3 == 0 ? "\n\n" : "\n");
        }

        return builder.ToString();
    }

    [Property(MaxTest = 200)]
    public bool Clean_CleanedTextAsTxt_ChangesNothing(byte[] choices)
    {
        var first = ArticleCleaner.Clean(TestPages.Document("dump.txt", Dump(choices)), CleaningOptions.Default);
        if (!first.IsSuccess)
        {
            return true;
        }

        var second = ArticleCleaner.Clean(TestPages.Document("again.txt", first.Value!.Text), CleaningOptions.Default);
        return second.IsSuccess && second.Value!.Text == first.Value.Text;
    }

    [Property(MaxTest = 200)]
    public bool Clean_Output_FollowsTheParagraphContract(byte[] choices)
    {
        var outcome = ArticleCleaner.Clean(TestPages.Document("dump.txt", Dump(choices)), CleaningOptions.Default);
        if (!outcome.IsSuccess)
        {
            return outcome.Rejection!.Code is "no-text" or "empty";
        }

        var text = outcome.Value!.Text;
        var paragraphs = text.Split("\n\n");
        return text == text.Trim() && paragraphs.All(p => p.Length > 0 && !p.Contains('\n') && p == p.Trim());
    }

    [Property(MaxTest = 100)]
    public bool Clean_IsDeterministic(byte[] choices)
    {
        var dump = Dump(choices);
        var a = ArticleCleaner.Clean(TestPages.Document("dump.txt", dump), CleaningOptions.Default);
        var b = ArticleCleaner.Clean(TestPages.Document("dump.txt", dump), CleaningOptions.Default);
        return a.Value?.Text == b.Value?.Text && a.Rejection == b.Rejection && a.Value?.Removed.SequenceEqual(b.Value!.Removed) != false;
    }

    [Property(MaxTest = 100)]
    public bool Clean_HtmlOutputAsTxt_ChangesNothing(byte[] choices)
    {
        var paragraphs = choices.Select(c => Sentences[c % Sentences.Length]).Where(s => s.Length > 40).Distinct().ToList();
        if (paragraphs.Count == 0)
        {
            return true;
        }

        var html = "<html><body><nav><a href=\"/\">Home</a></nav><article>" + string.Concat(paragraphs.Select(p => "<p>" + p + "</p>")) + "</article></body></html>";
        var first = ArticleCleaner.Clean(TestPages.Document("page.html", html), CleaningOptions.Default);
        var second = ArticleCleaner.Clean(TestPages.Document("again.txt", first.Value!.Text), CleaningOptions.Default);
        return second.Value?.Text == first.Value.Text;
    }
}

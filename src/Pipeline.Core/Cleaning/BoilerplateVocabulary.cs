using System.Text.RegularExpressions;
using Pipeline.Core.Articles;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Phrases and class/id hints that mark page furniture rather than article text, each tied to the removal
/// reason a user will see. Shared by the HTML extractor and the text-dump classifier.
/// </summary>
internal static partial class BoilerplateVocabulary
{
    /// <summary>The reason a short block's wording suggests, or null when it reads like ordinary prose.</summary>
    public static string? ReasonForText(string text)
    {
        if (CookieText().IsMatch(text))
        {
            return RemovalReasons.CookieNotice;
        }

        if (SubscriptionText().IsMatch(text))
        {
            return RemovalReasons.SubscriptionPitch;
        }

        if (LegalText().IsMatch(text))
        {
            return RemovalReasons.LegalFooter;
        }

        if (ShareText().IsMatch(text))
        {
            return RemovalReasons.ShareBar;
        }

        if (CommentsText().IsMatch(text))
        {
            return RemovalReasons.Comments;
        }

        if (RelatedText().IsMatch(text))
        {
            return RemovalReasons.RelatedLinks;
        }

        if (AdvertisementText().IsMatch(text))
        {
            return RemovalReasons.Advertisement;
        }

        if (CreditText().IsMatch(text))
        {
            return RemovalReasons.CaptionOrCredit;
        }

        if (NavigationText().IsMatch(text))
        {
            return RemovalReasons.Navigation;
        }

        return null;
    }

    /// <summary>
    /// For long blocks, where one stray word proves nothing: the reason when the block keeps returning to one
    /// furniture topic (a cookie notice mentions cookies, consent and the browser several times), else null.
    /// </summary>
    public static string? ReasonForLongText(string text)
    {
        var words = Math.Max(1, text.Count(c => c == ' ') + 1);
        var cookie = CookieWords().Count(text);
        if (cookie >= 3 && cookie * 25 >= words)
        {
            return RemovalReasons.CookieNotice;
        }

        var subscription = SubscriptionWords().Count(text);
        if (subscription >= 3 && subscription * 25 >= words)
        {
            return RemovalReasons.SubscriptionPitch;
        }

        var legal = LegalWords().Count(text);
        return legal >= 3 && legal * 20 >= words ? RemovalReasons.LegalFooter : null;
    }

    /// <summary>The reason an element's class, id or role suggests, or null.</summary>
    public static string? ReasonForHint(string hint)
    {
        if (hint.Length == 0 || PositiveHint().IsMatch(hint) && !StrongNegativeHint().IsMatch(hint))
        {
            return null;
        }

        var match = NegativeHint().Match(hint);
        if (!match.Success)
        {
            return null;
        }

        var word = match.Value.ToLowerInvariant();
        return word switch
        {
            _ when word.Contains("comment") || word.Contains("disqus") || word.Contains("respond") || word.Contains("discuss") => RemovalReasons.Comments,
            _ when word.Contains("cookie") || word.Contains("consent") || word.Contains("gdpr") => RemovalReasons.CookieNotice,
            _ when word.Contains("share") || word.Contains("social") || word.Contains("sharing") || word.Contains("follow") => RemovalReasons.ShareBar,
            _ when word.Contains("newsletter") || word.Contains("subscri") || word.Contains("signup") || word.Contains("paywall") || word.Contains("regwall") || word.Contains("promo") => RemovalReasons.SubscriptionPitch,
            _ when word.Contains("related") || word.Contains("recommend") || word.Contains("more-") || word.Contains("popular") || word.Contains("trending") || word.Contains("read-next") || word.Contains("outbrain") || word.Contains("taboola") || word.Contains("teaser") => RemovalReasons.RelatedLinks,
            _ when word.Contains("ad") || word.Contains("sponsor") || word.Contains("dfp") || word.Contains("gpt") => RemovalReasons.Advertisement,
            _ when word.Contains("caption") || word.Contains("credit") => RemovalReasons.CaptionOrCredit,
            _ when word.Contains("footer") || word.Contains("copyright") || word.Contains("legal") => RemovalReasons.LegalFooter,
            _ when word.Contains("byline") || word.Contains("author") || word.Contains("dateline") || word.Contains("meta") || word.Contains("tags") || word.Contains("timestamp") => RemovalReasons.Metadata,
            _ => RemovalReasons.Navigation,
        };
    }

    public static bool IsPositiveHint(string hint) => hint.Length > 0 && PositiveHint().IsMatch(hint);

    public static bool IsNegativeHint(string hint) => hint.Length > 0 && NegativeHint().IsMatch(hint);

    [GeneratedRegex(@"\b(?:cookies?|consent|gdpr)\b.*\b(?:accept|agree|use|policy|settings|experience|browsing|consent)\b|\bwe use cookies\b|\bcookie (?:policy|settings|preferences)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieText();

    [GeneratedRegex(@"\b(?:subscribe|subscription|subscriber|sign up|signup|newsletter|log ?in to|sign in|create (?:a free |an )?account|register (?:now|for free)|already a (?:subscriber|member)|unlimited (?:digital )?access|support (?:our|independent) journalism|inbox)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionText();

    [GeneratedRegex(@"\ball rights reserved\b|©|\(c\) \d{4}|\bcopyright\b|\bprivacy (?:policy|notice|statement)\b|\bterms (?:of (?:use|service)|and conditions|& conditions)\b|\[email(?:&#160;| |\u00a0)protected\]|\bemail protected\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalText();

    [GeneratedRegex(@"^(?:share|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|copy link|flipboard|messenger|comments?|\d+|[\s|/·•,]+)(?:[\s|/·•,]+(?:share|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|copy link|flipboard|messenger|this|on|via|article|story|comments?|\d+))*\s*$|\bshare (?:this|on|via)\b|\bfollow us\b|\bclick to share\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareText();

    [GeneratedRegex(@"^\s*(?:\d+\s+)?comments?\s*(?:\(\d+\))?\s*$|\b(?:leave|post|add|view|show|load|read) (?:a |the |all )?(?:\d+ )?comments?\b|\bcomments? (?:are|is) closed\b|\bjoin the (?:discussion|conversation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentsText();

    [GeneratedRegex(@"^(?:related(?: (?:articles?|stories|posts|coverage|content|news|topics))?|read (?:more|next|also)|more (?:from|on|stories|news|articles|like this)|see also|recommended(?: for you)?|you (?:may|might) (?:also )?like|most (?:read|popular|viewed)|trending(?: now)?|top stories|what to read next|also read|editor'?s picks|latest (?:news|stories))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelatedText();

    [GeneratedRegex(@"^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?|continue reading below|scroll to continue(?: with content)?|paid (?:post|content)|promoted)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdvertisementText();

    [GeneratedRegex(@"^(?:photo|image|picture|video|graphic|illustration|file photo)s?(?: credit)?\s*[:/©]|\((?:photo|image|picture)s?(?: credit)?\s*:|\b(?:getty images|reuters/|ap photo|afp via getty|shutterstock|istock)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditText();

    [GeneratedRegex(@"^(?:home|menu|search|skip to (?:main )?content|back to top|next|previous|prev|more|close|open|toggle navigation|main menu|top|log ?out|my account|sections?|topics?|tags?|categor(?:y|ies)|filed under|posted in|loading\W*|play video|watch|listen(?: to this article)?|\d+ min(?:ute)? read|print this (?:page|article))\s*:?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NavigationText();

    [GeneratedRegex(@"\b(?:cookies?|consent|browser|browsing|opt[- ]out|tracking|third[- ]party|personali[sz]ed|preferences)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieWords();

    [GeneratedRegex(@"\b(?:subscri\w+|newsletters?|sign up|inbox|paywall|premium|membership|per month|a month|unlimited access|donat\w+|support us)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionWords();

    [GeneratedRegex(@"\b(?:copyright|rights reserved|trademarks?|terms of (?:use|service)|privacy policy|registered (?:in|office)|company (?:no|number)|liability|reproduc\w+|permission)\b|©", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalWords();

    [GeneratedRegex(@"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|rich-?text|paragraph", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PositiveHint();

    [GeneratedRegex(@"comment|disqus|cookie|consent|gdpr|share|sharing|social|newsletter|subscri|signup|paywall|promo|related|recommend|outbrain|taboola|popular|trending|sidebar|footer|masthead|breadcrumb|pagination|pager", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrongNegativeHint();

    [GeneratedRegex(@"(?:^|[\s_-])(?:comments?|comment-?list|commentlist|disqus|respond|discussion|cookies?|consent|gdpr|share|shares|sharing|sharebar|share-?tools|social|socials|follow|newsletter|subscri\w*|signup|paywall|regwall|promo\w*|related\w*|recommend\w*|more-\w+|popular|trending|read-next|outbrain|taboola|teasers?|ad|ads|adv|advert\w*|ad-\w+|\w+-ad|sponsor\w*|dfp|gpt-ad|captions?|credits?|footer|copyright|legal|byline|author\w*|dateline|meta|tags|tag-list|timestamp|nav|navbar|navigation|menu|sidebar|side-bar|widget|masthead|breadcrumbs?|pagination|pager|toolbar|banner|modal|popup|overlay|skip|hidden|print-only|visually-hidden|sr-only|screen-reader-text)(?:$|[\s_-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativeHint();
}

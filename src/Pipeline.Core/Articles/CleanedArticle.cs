namespace Pipeline.Core.Articles;

/// <summary>Metadata found on the page or at the top of a text dump. Every field is optional: absent, never invented.</summary>
public sealed record ArticleMetadata
{
    public string? Title { get; init; }

    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>Job titles a byline gives beside the names ("Labor Correspondent"): never authors themselves.</summary>
    public IReadOnlyList<string> AuthorRoles { get; init; } = [];

    /// <summary>Publication time as ISO 8601 (date only when the source gives no time).</summary>
    public string? Published { get; init; }

    public string? Updated { get; init; }

    /// <summary>The site or outlet name ("Reuters", "The Jerusalem Post").</summary>
    public string? Outlet { get; init; }

    public string? Url { get; init; }

    /// <summary>The language the page declares (BCP 47, e.g. <c>en</c>), if any.</summary>
    public string? DeclaredLanguage { get; init; }

    public string? Description { get; init; }
}

/// <summary>A block the cleaner removed, kept so a user can see what was cut and why.</summary>
/// <param name="Text">The removed text (shortened when very long).</param>
/// <param name="Reason">A reason code from <see cref="RemovalReasons"/>.</param>
public sealed record RemovedBlock(string Text, string Reason);

/// <summary>The reason codes a cleaner may give for a removed block.</summary>
public static class RemovalReasons
{
    public const string Navigation = "navigation";
    public const string CookieNotice = "cookie-notice";
    public const string SubscriptionPitch = "subscription-pitch";
    public const string ShareBar = "share-bar";
    public const string Comments = "comments";
    public const string RelatedLinks = "related-links";
    public const string CaptionOrCredit = "caption-credit";
    public const string LegalFooter = "legal-footer";
    public const string DuplicateHeading = "duplicate-heading";
    public const string TooShort = "too-short";
    public const string Advertisement = "advertisement";
    public const string Script = "script-style";
    public const string Form = "form";
    public const string Metadata = "metadata-line";
    public const string LowTextDensity = "low-text-density";
    public const string ContactOrEmail = "contact-email";
}

/// <summary>The clean stage's output: the article's main text and metadata.</summary>
/// <remarks>
/// <see cref="Text"/> holds one paragraph per block, blocks separated by a blank line (<c>"\n\n"</c>), no line
/// breaks inside a block. Every later offset indexes into this string.
/// </remarks>
public sealed record CleanedArticle
{
    public required string Text { get; init; }

    public required ArticleMetadata Metadata { get; init; }

    public IReadOnlyList<RemovedBlock> Removed { get; init; } = [];

    public required SourceKind Kind { get; init; }

    /// <summary>The character encoding the bytes were decoded with (e.g. <c>utf-8</c>, <c>windows-1252</c>).</summary>
    public required string Encoding { get; init; }
}

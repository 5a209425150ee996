using System.Text;

namespace Pipeline.Integration.Tests;

/// <summary>Small articles written for these tests; each call adds a unique marker so content ids never collide across tests.</summary>
internal static class TestArticles
{
    public static byte[] Html(string marker) => Encoding.UTF8.GetBytes($$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>Harbour authority approves night ferries | Coastal Ledger</title>
        <meta property="og:site_name" content="Coastal Ledger">
        <meta property="article:published_time" content="2026-03-14T08:30:00Z">
        <meta name="author" content="Mara Lindqvist">
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
        <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
        <article>
        <h1>Harbour authority approves night ferries</h1>
        <p>The harbour authority on Tuesday approved a trial of night ferries between the old town and the island terminals, a change long sought by shift workers.</p>
        <p>"People who clean our hospitals at 2 a.m. deserve a boat home," said Ingrid Dahl, the authority's chair. She said the trial would run for six months.</p>
        <p>Operators will receive a subsidy of 1.2 million crowns. Critics on the council said the money would be better spent on buses.</p>
        <p>Marker {{marker}}.</p>
        </article>
        <div class="share">Share on Facebook Share on X Email</div>
        <footer>© 2026 Coastal Ledger. All rights reserved. Privacy policy.</footer>
        </body></html>
        """);

    public static byte[] Text(string marker) => Encoding.UTF8.GetBytes($"""
        Subscribe to our newsletter

        Privacy policy | Terms of use

        Council votes to restore the river path

        The city council voted on Monday to restore the river path that was washed away in last winter's floods, ending months of argument over its cost.

        "It is the most used path in the city, and it has been closed for a year," said Tomas Brenner, the council's transport spokesman. He said work would start in May.

        The repairs are expected to cost 4.5 million euros, shared between the city and the regional government. Residents had collected more than 12,000 signatures asking for the path to reopen.

        Reference {marker}.

        Share this article
        """);

    public static byte[] Json(string marker) => Encoding.UTF8.GetBytes($$"""
        {"url": "https://example.org/news/{{marker}}", "title": "Library extends weekend opening hours", "published": "2026-05-02T10:00:00Z", "source": "Valley Courier",
         "text": "The central library will open on Sundays from June, the city announced on Friday.\n\nThe change follows a survey in which most readers asked for longer weekend hours. \"We listened,\" said head librarian Amal Haddad.\n\nThe extra hours will be staffed by four new employees. Ref {{marker}}."}
        """);
}

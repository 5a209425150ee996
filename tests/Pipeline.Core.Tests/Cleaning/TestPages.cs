using System.Text;
using Pipeline.Core.Articles;

namespace Pipeline.Core.Tests.Cleaning;

/// <summary>Small hand-written pages and dumps: the shapes real news pages have, in our own words.</summary>
internal static class TestPages
{
    public static readonly string[] ArticleParagraphs =
    [
        "The city council voted on Tuesday to extend the night bus service to the northern districts, a change that residents had requested for more than three years.",
        "Under the plan, buses will run every twenty minutes between midnight and five in the morning, and the first routes are expected to open in the spring.",
        "Council members said the cost would be covered by a reallocation of the transport budget, although two members voted against the proposal because of its price.",
        "“This is a service that people who work late have been waiting for,” said the chair of the transport committee, adding that the routes would be reviewed after a year.",
    ];

    public static string NewsPage(string? extraHead = null) => $$$"""
        <!doctype html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <title>Night buses extended to the north | The Example Gazette</title>
          <meta property="og:site_name" content="The Example Gazette">
          <meta property="og:title" content="Night buses extended to the north">
          <meta name="description" content="The council extends night buses.">
          <link rel="canonical" href="https://gazette.example.org/news/night-buses">
          <script type="application/ld+json">
          {"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Example Gazette"},
            {"@type":"NewsArticle","headline":"Night buses extended to the north","datePublished":"2024-03-05T09:30:00+01:00",
             "dateModified":"2024-03-05T11:00:00+01:00","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"Sam Roe"}],
             "publisher":{"@type":"Organization","name":"The Example Gazette"}}]}
          </script>
          {{{extraHead}}}
          <script>var tracking = "should never appear";</script>
          <style>.x { color: red }</style>
        </head>
        <body>
          <header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
          <div id="cookie-banner">We use cookies to improve your experience. By continuing to browse you accept our cookie policy. <button>Accept</button></div>
          <main>
            <article class="story">
              <h1>Night buses extended to the north</h1>
              <p class="byline">By Jane Doe and Sam Roe</p>
              <div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
              <div class="story-body">
                <p>{{{ArticleParagraphs[0]}}}</p>
                <p>{{{ArticleParagraphs[1]}}}</p>
                <h2>How it will be paid for</h2>
                <p>{{{ArticleParagraphs[2]}}}</p>
                <blockquote><p>{{{ArticleParagraphs[3]}}}</p></blockquote>
                <div class="newsletter-signup">Sign up for our daily newsletter and get the news in your inbox.</div>
              </div>
            </article>
            <section class="related-stories">
              <h3>Related stories</h3>
              <ul>
                <li><a href="/a">Tram fares to rise in the autumn, council confirms</a></li>
                <li><a href="/b">New cycle lanes open on the ring road after delays</a></li>
                <li><a href="/c">Airport train to run all night during the summer season</a></li>
              </ul>
            </section>
            <div id="comments"><h3>3 comments</h3><p>Great news, finally! I have been waiting for this for ages, really.</p></div>
          </main>
          <footer><p>© 2024 The Example Gazette. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
        </body>
        </html>
        """;

    public static string TextDump() => string.Join("\n", new[]
    {
        "Night buses extended to the north - The Example Gazette",
        "",
        "Home",
        "News",
        "Sport",
        "Business",
        "Subscribe",
        "Sign in",
        "",
        "Night buses extended to the north",
        "By Jane Doe",
        "March 5, 2024",
        "",
        ArticleParagraphs[0],
        "",
        ArticleParagraphs[1],
        "",
        ArticleParagraphs[2],
        "",
        ArticleParagraphs[3],
        "",
        "Related stories",
        "Tram fares to rise in the autumn",
        "New cycle lanes open on the ring road",
        "",
        "Privacy policy",
        "© 2024 The Example Gazette. All rights reserved.",
        "[email protected]",
    });

    public static SourceDocument Document(string name, string content) => new(name, Encoding.UTF8.GetBytes(content));
}

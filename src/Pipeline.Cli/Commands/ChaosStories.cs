using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Pipeline.Cli.Commands;

/// <summary>
/// Made-up news stories for <c>bench chaos</c>, written here: each story is a handful of sentences with its own
/// places, people and figures, and each copy of a story is the story plus one sentence of its own (syndication with a
/// local line), so copies are near-duplicates of each other and not of other stories. Copies alternate between crawler
/// records and HTML pages.
/// </summary>
internal sealed class ChaosStories(int seed)
{
    private static readonly string[] Places = ["Aldermoor", "Brackenford", "Calderwick", "Dunmere", "Elsworth", "Farrowby", "Glenholt", "Harwick", "Inverlea", "Kestrel Bay", "Larchmont", "Marrowdale", "Northcote", "Oakhurst", "Pennick", "Quarrymoor", "Redbridge", "Saltmere", "Thornbury", "Upperwold"];
    private static readonly string[] Given = ["Amara", "Bastian", "Celia", "Dmitri", "Elena", "Farid", "Greta", "Hamid", "Ines", "Jonas", "Keiko", "Lucan", "Marisol", "Niklas", "Odile", "Pavel", "Rosa", "Soren", "Tamsin", "Viktor"];
    private static readonly string[] Family = ["Achterberg", "Brannigan", "Castellano", "Dunmore", "Eriksen", "Fairweather", "Goldberg", "Halloran", "Ibsen", "Jovanovic", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrakis", "Quinlan", "Rasmussen", "Szabo", "Takahashi"];
    private static readonly string[] Bodies = ["the county council", "the water board", "the harbour authority", "the transport agency", "the regional health trust", "the school board", "the planning committee", "the port operator", "the library service", "the fire and rescue service"];
    private static readonly string[] Things = ["a new footbridge", "a flood barrier", "a night bus route", "a solar farm", "a sports hall", "a cycle lane network", "a school extension", "a community clinic", "a ferry terminal", "a recycling centre", "a tram depot", "a public swimming pool"];
    private static readonly string[] Reasons = ["rising costs", "objections from residents", "a shortage of builders", "delays to the national grant", "a legal challenge", "concerns about wildlife", "traffic on the old bridge", "the winter storms"];
    private static readonly string[] Outlets = ["Valley Courier", "Coastal Ledger", "Northern Echo Post", "Riverside Gazette", "Morning Standard", "The Daily Beacon"];

    private static readonly string[] Templates =
    [
        "{Body} in {Place} approved plans on {Day} for {Thing}, ending a dispute that had lasted {N1} years.",
        "The project is expected to cost {N2} million and to take {N3} years to finish.",
        "\"We have waited long enough, and now the work can begin,\" said {Person}, who chairs {Body}.",
        "Opponents said the money would be better spent elsewhere and pointed to {Reason}.",
        "{Person2}, who lives near the site, said {N4} households had signed a petition in favour of the plan.",
        "Work had been postponed twice because of {Reason}, according to documents seen by reporters.",
        "Officials in {Place} said the first contracts would be signed before the end of {Month}.",
        "The decision was taken by {N5} votes to {N6} after a debate that lasted most of the evening.",
        "A spokesperson for {Body2} said it would study the plans before deciding whether to take part.",
        "Similar schemes in {Place2} and {Place3} were completed on time and under budget, supporters said.",
        "Local businesses expect {N7} new jobs during construction and about {N8} once it opens.",
        "Critics warned that {Thing2} promised in {Place2} {N9} years ago has still not been built.",
        "The council will publish the full costs online and hold {N10} public meetings in {Month}.",
        "{Person} said the plan had been changed after residents asked for quieter building hours.",
    ];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    private static readonly string[] Months = ["March", "April", "May", "June", "September", "October"];

    private readonly Dictionary<int, (string Title, string[] Sentences)> stories = [];

    /// <summary>One copy of a story: its file name and bytes. The same (story, copy) always gives the same bytes.</summary>
    public (string Name, byte[] Content) Copy(int story, int copy, string run)
    {
        var (title, sentences) = Story(story);
        var random = new Random(HashCode.Combine(seed, story, copy));
        var local = $"Reporting for the {Pick(random, Outlets)} edition, {Pick(random, Given)} {Pick(random, Family)} added that the {Pick(random, Days)} session was attended by {random.Next(20, 400)} people (copy {copy} of story {story}, run {run}).";
        var paragraphs = sentences.Chunk(2).Select(pair => string.Join(' ', pair)).Append(local).ToList();
        var name = string.Create(CultureInfo.InvariantCulture, $"s{story:D5}-c{copy:D2}");
        if (copy % 2 == 0)
        {
            var record = new { url = $"https://example.org/{run}/{name}", title, source = Pick(random, Outlets), text = string.Join("\n\n", paragraphs) };
            return (name + ".json", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record)));
        }

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></head><body>")
            .Append("<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav><article><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        html.Append("</article><footer>Privacy policy. Terms of use. All rights reserved.</footer></body></html>");
        return (name + ".html", Encoding.UTF8.GetBytes(html.ToString()));
    }

    private (string Title, string[] Sentences) Story(int story)
    {
        if (stories.TryGetValue(story, out var known))
        {
            return known;
        }

        var random = new Random(HashCode.Combine(seed, story));
        var person = $"{Pick(random, Given)} {Pick(random, Family)}";
        var slots = new Dictionary<string, string>
        {
            ["{Body}"] = Pick(random, Bodies), ["{Body2}"] = Pick(random, Bodies), ["{Place}"] = Pick(random, Places), ["{Place2}"] = Pick(random, Places),
            ["{Place3}"] = Pick(random, Places), ["{Thing}"] = Pick(random, Things), ["{Thing2}"] = Pick(random, Things), ["{Reason}"] = Pick(random, Reasons),
            ["{Person}"] = person, ["{Person2}"] = $"{Pick(random, Given)} {Pick(random, Family)}", ["{Day}"] = Pick(random, Days), ["{Month}"] = Pick(random, Months),
        };
        for (var i = 1; i <= 10; i++)
        {
            slots[$"{{N{i}}}"] = random.Next(2, 9_000).ToString(CultureInfo.InvariantCulture);
        }

        var sentences = Templates.OrderBy(_ => random.Next()).Take(8).Select(template =>
        {
            var sentence = template;
            foreach (var (slot, value) in slots)
            {
                sentence = sentence.Replace(slot, value, StringComparison.Ordinal);
            }

            return char.ToUpperInvariant(sentence[0]) + sentence[1..];
        }).ToArray();
        var title = $"{char.ToUpperInvariant(slots["{Body}"][0])}{slots["{Body}"][1..]} backs {slots["{Thing}"]} in {slots["{Place}"]} ({story})";
        stories[story] = (title, sentences);
        return (title, sentences);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}

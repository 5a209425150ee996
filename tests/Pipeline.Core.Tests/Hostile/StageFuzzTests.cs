using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pipeline.Core.Articles;
using Pipeline.Evaluation.Hostile;

namespace Pipeline.Core.Tests.Hostile;

/// <summary>
/// Fuzzing the stages with generated input: pieces of every hostile kind at random sizes, tag soup, raw bytes and
/// random characters (controls, invisibles, lone surrogates), under any file name. No exception may escape a stage,
/// and no input may run a stage past its budget. Bounded: 100 inputs of at most ~1 MB each.
/// </summary>
public class StageFuzzTests
{
    private static readonly string[] Names = ["page.html", "dump.txt", "record.json", "unknown", "page.htm"];

    private static readonly string[] Fragments =
    [
        "<div>", "</div>", "<p>", "</p>", "<b>", "<i>", "</span>", "<table><tr><td>", "<a href=\"/x\">", "<!--", "-->", "<script>", "</script>",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"author\":[[[[{\"name\":\"A\"}]]]]}</script>",
        "\u201C", "\u201D", "\"", "'", "&amp;", "&#x0;", "&#xD800;", "&", "\u200B", "\u202E", "\uFEFF", "\n", "\n\n", "\r", "\t", "{", "[", "]", "}",
        "The minister said the vote would take place on Tuesday. ", "Mr. Smith, 54, told reporters: \"We will not stop.\" ", "{\"url\":\"https://e.org\",\"title\":\"T\",\"text\":\"",
    ];

    [Property(MaxTest = 100)]
    public Property Process_GeneratedInput_NeverThrowsAndStaysWithinTheBudget() =>
        Prop.ForAll(Arb.From(InputGen()), input =>
        {
            var record = HostileInputTests.ProcessWithBudget(input.Name, input.Content, TimeSpan.FromSeconds(20));
            return record.Failure?.Code != Rejection.TooComplexCode;
        });

    /// <summary>A generated file; <see cref="ToString"/> says how it was made, so a failure can be rebuilt by hand.</summary>
    private sealed record Input(string Name, byte[] Content, string Recipe)
    {
        public override string ToString() => $"{Name} ({Content.Length:N0} bytes): {Recipe}";
    }

    private sealed record Part(byte[] Content, string Recipe);

    private static Gen<Input> InputGen() =>
        from name in Gen.Elements(Names)
        from parts in Gen.ListOf(PartGen()).Where(p => p.Count > 0).Select(p => p.Take(4).ToList())
        select new Input(name, parts.SelectMany(p => p.Content).ToArray(), string.Join(" + ", parts.Select(p => p.Recipe)));

    private static Gen<Part> PartGen() => Gen.OneOf(
        // A hostile file of any kind, at 0.1 to 3% of its benchmark size.
        from kind in Gen.Elements(HostileFiles.Kinds.Select(k => k.Name).ToArray())
        from share in Gen.Choose(1, 30)
        let count = Math.Max(1, HostileFiles.Kinds.Single(k => k.Name == kind).DefaultCount * share / 1000)
        select new Part(HostileFiles.Generate(kind, count).Content, $"{kind}({count})"),
        // Fragments repeated: unbalanced tags, quotes, entities and JSON brackets in runs.
        from picks in Gen.ArrayOf(Gen.Elements(Fragments))
        from repeat in Gen.Choose(1, 1_000)
        select new Part(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(string.Concat(picks), repeat))), $"{repeat} x {System.Text.Json.JsonSerializer.Serialize(string.Concat(picks))}"),
        // Random characters, lone surrogates included (encoded as U+FFFD), and raw bytes.
        from chars in Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c))
        select new Part(Encoding.UTF8.GetBytes(chars), $"{chars.Length} random characters"),
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
        select new Part(bytes, $"{bytes.Length} random bytes"));
}

using Pipeline.Core.Articles;

namespace Pipeline.Core.Classification.Entities;

internal enum TitleKind : byte
{
    Head,
    Modifier,
    Honorific,
}

/// <summary>A gazetteer entry matched as a token sequence.</summary>
internal sealed record GazetteerEntry(string[] Tokens, string Canonical, EntityKind Kind, bool IsDemonym);

/// <summary>
/// The embedded word lists (Resources/Entities): places, demonyms, organisations, titles, given names and
/// organisation cues. Loaded once per process; lookups are hash sets keyed the way the tokenizer spells tokens.
/// </summary>
internal sealed class Gazetteer
{
    private static readonly Lazy<Gazetteer> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, List<GazetteerEntry>> _byFirstToken = new(StringComparer.Ordinal);

    private Gazetteer()
    {
    }

    public static Gazetteer Default => Instance.Value;

    public Dictionary<string, TitleKind> Titles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, char> TitleGender { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> OrgCues { get; } = new(StringComparer.Ordinal);

    public HashSet<string> OrgContext { get; } = new(StringComparer.Ordinal);

    public HashSet<string> NonEntities { get; } = new(StringComparer.Ordinal);

    /// <summary>Words that end a place name ("Avenue", "River", "County").</summary>
    public HashSet<string> PlaceLast { get; } = new(StringComparer.Ordinal);

    /// <summary>Words that open a place name ("River", "Mount", "Fort").</summary>
    public HashSet<string> PlaceFirst { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, char> GivenNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Canonical name → kind, for every canonical entry (used to keep gazetteer kinds authoritative).</summary>
    public Dictionary<string, EntityKind> CanonicalKinds { get; } = new(StringComparer.Ordinal);

    /// <summary>The longest entry whose tokens match <paramref name="values"/> from <paramref name="start"/>.</summary>
    public GazetteerEntry? LongestMatch(string[] values, int start, int end)
    {
        if (!_byFirstToken.TryGetValue(values[start], out var candidates))
        {
            return null;
        }

        foreach (var entry in candidates)
        {
            if (start + entry.Tokens.Length > end)
            {
                continue;
            }

            var ok = true;
            for (var k = 1; k < entry.Tokens.Length; k++)
            {
                if (!string.Equals(values[start + k], entry.Tokens[k], StringComparison.Ordinal))
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                return entry;
            }
        }

        return null;
    }

    public bool IsTitleHead(string value) => Titles.TryGetValue(value, out var kind) && kind == TitleKind.Head;

    public bool IsTitleWord(string value) => Titles.ContainsKey(value);

    private static Gazetteer Load()
    {
        var g = new Gazetteer();
        // Places carry a second column before their aliases; organisations list aliases right after the name.
        void AddCanonical(string[] fields, EntityKind kind, int firstAlias)
        {
            var canonical = fields[0];
            g.CanonicalKinds[canonical] = kind;
            g.Add(canonical, canonical, kind, false);
            foreach (var alias in Aliases(fields, firstAlias))
            {
                g.Add(alias, canonical, kind, false);
            }
        }

        foreach (var fields in Rows("places.tsv"))
        {
            AddCanonical(fields, EntityKind.Place, 2);
        }

        foreach (var fields in Rows("demonyms.tsv"))
        {
            g.Add(fields[0], fields[1], EntityKind.Place, true);
        }

        foreach (var fields in Rows("organisations.tsv"))
        {
            AddCanonical(fields, EntityKind.Organization, 1);
        }

        foreach (var fields in Rows("titles.tsv"))
        {
            var kind = fields[1] switch
            {
                "head" => TitleKind.Head,
                "honorific" => TitleKind.Honorific,
                _ => TitleKind.Modifier,
            };
            // A word listed as both (Chief, Justice) behaves as a head: it can end a title.
            if (!g.Titles.TryGetValue(fields[0], out var existing) || existing != TitleKind.Head)
            {
                g.Titles[fields[0]] = kind;
            }

            if (fields.Length > 2 && fields[2].Length == 1)
            {
                g.TitleGender[fields[0]] = fields[2][0];
            }
        }

        foreach (var fields in Rows("firstnames.tsv"))
        {
            g.GivenNames[fields[0]] = fields.Length > 1 && fields[1].Length == 1 ? fields[1][0] : '?';
        }

        foreach (var fields in Rows("orgcues.txt"))
        {
            g.OrgCues.Add(fields[0]);
        }

        foreach (var fields in Rows("orgcontext.txt"))
        {
            g.OrgContext.Add(fields[0]);
        }

        foreach (var fields in Rows("placecues.txt"))
        {
            var position = fields.Length > 1 ? fields[1] : "last";
            if (position is "last" or "both")
            {
                g.PlaceLast.Add(fields[0]);
            }

            if (position is "first" or "both")
            {
                g.PlaceFirst.Add(fields[0]);
            }
        }

        foreach (var fields in Rows("nonentities.txt"))
        {
            g.NonEntities.Add(fields[0]);
        }

        foreach (var list in g._byFirstToken.Values)
        {
            // Longest first, so "Islamic Republic of Iran" wins over "Islamic Republic".
            list.Sort((a, b) => b.Tokens.Length.CompareTo(a.Tokens.Length));
        }

        return g;
    }

    private void Add(string surface, string canonical, EntityKind kind, bool demonym)
    {
        var tokens = TextTokens.Tokenize(surface).Values;
        if (tokens.Length == 0)
        {
            return;
        }

        if (!_byFirstToken.TryGetValue(tokens[0], out var list))
        {
            list = [];
            _byFirstToken[tokens[0]] = list;
        }

        list.Add(new GazetteerEntry(tokens, canonical, kind, demonym));
    }

    private static IEnumerable<string> Aliases(string[] fields, int column) =>
        fields.Length > column
            ? fields[column].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    private static IEnumerable<string[]> Rows(string file)
    {
        var assembly = typeof(Gazetteer).Assembly;
        var name = "Pipeline.Core.Resources.Entities." + file;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            rows.Add(line.Split('\t'));
        }

        return rows;
    }
}

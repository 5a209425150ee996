using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Attribution;

namespace Pipeline.Core.Classification.Entities;

/// <summary>
/// Rule-based named entities: people (with the title or role the text gives them), organisations and places.
/// Each entity carries its fullest name in the article and every mention as a span of the cleaned text.
/// </summary>
/// <remarks>
/// Capitalised runs are split into title + name ("Foreign Ministry Spokesman Bahram Qassemi"), organisation names
/// (a cue word such as Ministry, Party, Times), gazetteer places and organisations (embedded lists), and unknown
/// names that become people only with evidence (a given name, a title, an appositive role, a reporting verb, or a
/// short form of a longer name). Short forms merge into the one full name they end ("Qassemi" → "Bahram Qassemi").
/// Text that does not look English gets the gazetteer matches only.
/// </remarks>
public static class EntityExtractor
{
    // "and" is left out on purpose: "the Department of State and John Kerry" must stay two names.
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal) { "of", "for", "on", "the", "&" };

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "de", "del", "della", "da", "dos", "das", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "du", "di", "ter",
    };

    // All-caps tokens that are not organisations on their own.
    private static readonly HashSet<string> NonOrgAcronyms = new(StringComparer.Ordinal)
    {
        "CEO", "CFO", "GDP", "TV", "PM", "AM", "OK", "II", "III", "IV", "VI", "COVID", "AIDS", "HIV", "SUV", "DNA",
        "USD", "EUR", "GBP", "FAQ", "PDF", "URL", "AI", "IT", "PR", "HR", "MP", "MPs", "VAT", "CPI", "IPO", "LGBT",
        "LGBTQ", "FM", "BREAKING", "UPDATE", "VIDEO", "PHOTO", "READ", "MORE", "NEW", "ID", "ET", "GMT", "UTC", "EST",
    };

    // Words that qualify who holds an office, never the organisation: "Interim BART Police Chief".
    private static readonly HashSet<string> OfficeHolderModifiers = new(StringComparer.Ordinal)
    {
        "Interim", "Acting", "Former", "Retired", "Outgoing", "Incoming", "Then",
    };

    // Generational suffixes: "Carlineo" is a short form of "Patrick Carlineo Jr.".
    private static readonly HashSet<string> NameSuffixes = new(StringComparer.Ordinal) { "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV" };

    // Occupations that open a sentence before a name as its title ("Employee Steve Castro said ...").
    private static readonly HashSet<string> OccupationNouns = new(StringComparer.Ordinal)
    {
        "employee", "worker", "resident", "witness", "neighbour", "neighbor", "student", "passenger", "driver",
        "nurse", "farmer", "shopkeeper", "volunteer", "councillor", "councilor", "trustee", "contractor", "engineer",
    };

    // Lower-case nouns right after an unknown name that say what it names ("in Logar province", "the Ritz hotel").
    private static readonly HashSet<string> PlaceNouns = new(StringComparer.Ordinal)
    {
        "province", "county", "district", "region", "state", "city", "town", "village", "river", "valley", "suburb",
        "neighbourhood", "neighborhood", "area", "borough", "parish", "island", "peninsula", "airport", "estate",
    };

    private static readonly HashSet<string> OrganisationNouns = new(StringComparer.Ordinal)
    {
        "hotel", "restaurant", "company", "firm", "hospital", "school", "university", "church", "newspaper", "charity",
        "club", "brewery", "factory", "bank", "agency", "council", "contractor", "supermarket", "chain",
    };

    // Compass words that open a region's name before a known place: "West Texas", "Northern California".
    private static readonly HashSet<string> CompassWords = new(StringComparer.Ordinal)
    {
        "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Northeast", "Northwest",
        "Southeast", "Southwest", "Northeastern", "Northwestern", "Southeastern", "Southwestern",
    };

    // Prepositions that put the next unknown name in a place: "in Senkata", "near Ashcombe", "outside Ashby".
    private static readonly HashSet<string> Locatives = new(StringComparer.Ordinal)
    {
        "in", "near", "outside", "across", "throughout", "inside", "around", "towards", "toward",
    };

    // "north of X", "the town of X".
    private static readonly HashSet<string> LocativeHeads = new(StringComparer.Ordinal)
    {
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts", "suburbs",
        "city", "town", "village", "province", "state", "county", "region", "district",
    };

    /// <summary>Extracts the entities of an article, ordered by first mention.</summary>
    /// <param name="article">The segmented article; its sentences mark where capitalisation is not evidence.</param>
    public static IReadOnlyList<Entity> Extract(SegmentedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Extract(article, TextTokens.ForText(article.Cleaned.Text));
    }

    /// <summary>
    /// The name entities report for <paramref name="name"/>: the gazetteer's canonical name when the whole name is a
    /// known alias ("FBI" → "Federal Bureau of Investigation"), otherwise the name itself. Lets queries and
    /// evaluations compare a name written one way with the entity the extractor reports.
    /// </summary>
    public static string CanonicalName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var values = TextTokens.Tokenize(name).Values;
        if (values.Length == 0)
        {
            return name;
        }

        var entry = Gazetteer.Default.LongestMatch(values, 0, values.Length);
        return entry is not null && entry.Tokens.Length == values.Length && !entry.IsDemonym ? entry.Canonical : name;
    }

    internal static IReadOnlyList<Entity> Extract(SegmentedArticle article, TextTokens tokens)
    {
        var english = ArticleContext.LooksEnglish(tokens);
        var scan = new Scan(tokens, ArticleContext.SentenceInitial(article, tokens), english);
        var paragraphStarts = new HashSet<int>(article.Paragraphs.Select(p => tokens.FirstAtOrAfter(p.Start)));
        if (article.Paragraphs.Count == 0)
        {
            paragraphStarts.Add(0);
        }

        var i = 0;
        while (i < tokens.Count)
        {
            var special = !english ? -1 : paragraphStarts.Contains(i) ? scan.DatelineEnd(i) : -1;
            if (special < 0 && english)
            {
                special = scan.NumberedPlaceEnd(i);
            }

            if (special > i)
            {
                i = special;
                continue;
            }

            if (!scan.IsNameToken(i))
            {
                i++;
                continue;
            }

            var end = scan.RunEnd(i);
            scan.AnalyseRun(i, end, depth: 0);
            i = end;
        }

        return scan.Cluster();
    }

    private sealed class Candidate
    {
        public required int Start { get; init; }

        public required int End { get; init; }

        public EntityKind? Kind { get; set; }

        /// <summary>Set for gazetteer matches: the name the gazetteer gives.</summary>
        public string? Canonical { get; init; }

        public string? Role { get; init; }

        public bool Evidence { get; init; }

        public bool Initial { get; init; }

        /// <summary>A lone organisation word ("Association"): only a short form of a named organisation.</summary>
        public bool CueOnly { get; init; }
    }

    private sealed class Cluster
    {
        public required EntityKind Kind { get; init; }

        public required string[] NameTokens { get; set; }

        public required string Name { get; set; }

        public string? Role { get; set; }

        public bool Evidence { get; set; }

        public List<Candidate> Mentions { get; } = [];
    }

    private sealed class Scan(TextTokens tokens, bool[] initial, bool english)
    {
        private readonly Gazetteer _g = Gazetteer.Default;
        private readonly List<Candidate> _candidates = [];
        private readonly string[] _values = tokens.Values;

        public bool IsNameToken(int i) =>
            tokens.IsWord(i) && tokens.Tokens[i].Capitalised && _values[i] != "'s";

        public int RunEnd(int start)
        {
            var hasCueOrTitle = IsCueOrTitle(start);
            var gaz = _g.LongestMatch(_values, start, tokens.Count);
            var minEnd = gaz is null ? start + 1 : start + gaz.Tokens.Length;
            var j = start + 1;
            var inComplement = false;
            while (j < tokens.Count)
            {
                // A name never runs across a line break: "Staff Reports" above "Police arrested ..." are two lines.
                if (tokens.Text.AsSpan(tokens.Tokens[j - 1].End, tokens.Tokens[j].Start - tokens.Tokens[j - 1].End).Contains('\n'))
                {
                    break;
                }

                if (j < minEnd || IsNameToken(j))
                {
                    hasCueOrTitle |= IsCueOrTitle(j);
                    j++;
                    continue;
                }

                // "Emmet Valley Residents' Association": a plural possessive inside an organisation's name.
                if (tokens.IsPunct(j, '\'') || tokens.IsPunct(j, '\u2019'))
                {
                    if (tokens.Tokens[j].Start == tokens.Tokens[j - 1].End && _values[j - 1].EndsWith('s') && IsNameToken(j + 1)
                        && RunEndsWithOrgCue(j + 1))
                    {
                        j++;
                        continue;
                    }

                    break;
                }

                if (!tokens.IsWord(j))
                {
                    break;
                }

                var v = _values[j];

                // "the Sheriff's Department", "U.S. Attorney's Office": an office's possessive before an organisation word.
                if (v == "'s" && _g.IsTitleHead(_values[j - 1]) && IsNameToken(j + 1) && _g.OrgCues.Contains(_values[j + 1]))
                {
                    j++;
                    continue;
                }

                // "Health and Safety Executive", "Department of Health and Human Services": "and" joins when the
                // words after it end in an organisation word; "France and Germany" stay two runs.
                if (v == "and" && JoinsOrganisation(j))
                {
                    j++;
                    continue;
                }
                if (Particles.Contains(v))
                {
                    // "Ursula von der Leyen": particles in a row, then a capitalised word.
                    var k = j;
                    while (k < tokens.Count && tokens.IsWord(k) && Particles.Contains(_values[k]))
                    {
                        k++;
                    }

                    if (IsNameToken(k))
                    {
                        j = k;
                        continue;
                    }

                    break;
                }

                // "Ministry of Foreign Affairs", "Secretary of State", "Organization of the Petroleum ...":
                // connectors join only after a cue or title word, so "France and Germany" stay two runs.
                // ... and never after a plain name: "Analyst Petra Lind of SEB" is a person and an organisation.
                if (Connectors.Contains(v) && hasCueOrTitle && v != "the" && (IsCueOrTitle(j - 1) || inComplement))
                {
                    var k = j + 1;
                    if (v is "of" or "for" or "on" && tokens.IsWord(k) && _values[k] == "the")
                    {
                        k++;
                    }

                    if (IsNameToken(k))
                    {
                        // "Office for the Western District of New York": once inside a complement, "of" may chain.
                        inComplement = _g.OrgCues.Contains(_values[j - 1]) || inComplement;
                        j = k;
                        continue;
                    }
                }

                break;
            }

            return j;
        }

        private bool JoinsOrganisation(int and)
        {
            var before = _values[and - 1];
            if (_g.OrgCues.Contains(before) || _g.IsTitleHead(before) || !IsNameToken(and - 1))
            {
                return false;
            }

            var k = and + 1;
            while (k < tokens.Count && k - and <= 3 && IsNameToken(k))
            {
                k++;
            }

            var after = k < tokens.Count && tokens.IsWord(k) ? _values[k] : string.Empty;
            return k > and + 1 && _g.OrgCues.Contains(_values[k - 1]) && !Connectors.Contains(after) && after != "and";
        }

        /// <summary>The capitalised run from <paramref name="k"/> ends in an organisation word.</summary>
        private bool RunEndsWithOrgCue(int k)
        {
            var last = k;
            while (k < tokens.Count && k - last < 4 && IsNameToken(k))
            {
                last = k;
                k++;
            }

            return _g.OrgCues.Contains(_values[last]);
        }

        public void AnalyseRun(int s, int e, int depth)
        {
            while (s < e && (_g.NonEntities.Contains(_values[s]) || !IsNameToken(s)))
            {
                s++;
            }

            while (e > s && !IsNameToken(e - 1))
            {
                e--;
            }

            if (s >= e || depth > 3)
            {
                return;
            }

            if (!english)
            {
                SegmentWithGazetteer(s, e, unknowns: false);
                return;
            }

            var whole = _g.LongestMatch(_values, s, e);
            if (whole is not null && s + whole.Tokens.Length == e)
            {
                AddGazetteer(s, whole);
                return;
            }

            // Title + name: the name is the longest run of plain name words at the end (at most four).
            var nameStart = e;
            for (var k = e - 1; k >= s && e - k <= 4 && IsPersonNameWord(k, e) && !IsOccupation(k, s, e); k--)
            {
                nameStart = k;
            }

            // "Minister for Economy Sofia Carvalho": a given name that is also a place ("Sofia", "Paris") opens the
            // name when a surname follows and the title precedes it directly; after a connector ("Ambassador to
            // Georgia ...") it is the title's complement and stays a place.
            if (nameStart > s + 1 && nameStart < e && e - nameStart < 4 && IsGivenNamePlace(nameStart - 1)
                && !Connectors.Contains(_values[nameStart - 2]) && _values[nameStart - 2] != "to"
                && (IsTitle(nameStart - 2) || IsOccupation(nameStart - 2, s, e)))
            {
                nameStart--;
            }

            // "Commissioner for Cohesion Elisa Ferreira": the word after a connector completes the title.
            while (nameStart > s && nameStart + 2 <= e && tokens.IsWord(nameStart - 1) && Connectors.Contains(_values[nameStart - 1]))
            {
                nameStart++;
            }

            var titleEnd = -1;
            for (var k = s; k < nameStart; k++)
            {
                if ((_g.Titles.TryGetValue(_values[k], out var kind) && kind != TitleKind.Modifier) || IsOccupation(k, s, e))
                {
                    titleEnd = k;
                }
            }

            // "U.S. Attorney's Office for the Western District": an organisation word after the title makes the
            // run an organisation, not a titled person named "Western District".
            // ("President of the Commission Hanna Virtanen" keeps its person: nothing follows the organisation word.)
            var cueAfterTitle = false;
            var sawCue = false;
            for (var k = titleEnd + 1; titleEnd >= 0 && k < nameStart; k++)
            {
                cueAfterTitle |= sawCue && Connectors.Contains(_values[k]);
                sawCue |= _g.OrgCues.Contains(_values[k]);
            }

            if (nameStart < e && nameStart > s && titleEnd >= 0 && !cueAfterTitle)
            {
                var role = RoleFromPrefix(s, nameStart)
                    ?? (IsOccupation(titleEnd, s, e) ? Surface(s, titleEnd + 1) : null)
                    ?? LowercaseTitleBefore(s);
                var appositive = Appositive(e);
                _candidates.Add(new Candidate
                {
                    Start = nameStart,
                    End = e,
                    Kind = EntityKind.Person,
                    Role = role ?? appositive,
                    Evidence = true,
                    Initial = false,
                });
                AnalysePrefix(s, nameStart);
                return;
            }

            var lastCue = -1;
            for (var k = s; k < e; k++)
            {
                if (_g.OrgCues.Contains(_values[k]))
                {
                    lastCue = k;
                }
            }

            // "Chief Executive" alone is an office, not an organisation.
            var onlyTitlesBeforeCue = lastCue >= s;
            for (var k = s; k <= lastCue; k++)
            {
                onlyTitlesBeforeCue &= IsTitle(k);
            }

            if (!onlyTitlesBeforeCue && (lastCue > s || (lastCue == s && e - s > 1 && !IsTitle(s + 1))))
            {
                // Keep "of ..." complements ("Ministry of Defence"); a trailing title word is not part of the name.
                var orgEnd = lastCue + 1;
                if (orgEnd < e && tokens.IsWord(orgEnd) && Connectors.Contains(_values[orgEnd]))
                {
                    var rest = orgEnd;
                    while (rest < e && !_g.IsTitleHead(_values[rest]))
                    {
                        rest++;
                    }

                    orgEnd = rest;
                }

                var orgStart = s;
                var lead = _g.LongestMatch(_values, s, orgEnd);
                if (lead is not null && s + lead.Tokens.Length == orgEnd)
                {
                    AddGazetteer(s, lead);
                }
                else
                {
                    _candidates.Add(new Candidate { Start = orgStart, End = orgEnd, Kind = EntityKind.Organization, Evidence = true });
                }

                if (orgEnd < e)
                {
                    AnalyseRun(orgEnd, e, depth + 1);
                }

                return;
            }

            if (IsPlaceName(s, e))
            {
                _candidates.Add(new Candidate { Start = s, End = e, Kind = EntityKind.Place, Evidence = true });
                return;
            }

            // "Luis Montenegro", "Michael Jordan": a given name makes the run a person even when the surname is a place.
            if (e - s is >= 2 and <= 4 && _g.GivenNames.ContainsKey(_values[s]) && AllNameWords(s, e))
            {
                _candidates.Add(new Candidate { Start = s, End = e, Kind = null, Role = LowercaseTitleBefore(s) ?? Appositive(e), Evidence = true, Initial = initial[s] });
                return;
            }

            SegmentWithGazetteer(s, e, unknowns: true);
        }

        /// <summary>
        /// "Geophysicist Kristin Jonsdottir", "Employee Steve Castro": a capitalised occupation noun opening a sentence
        /// before a two-word name. The list cannot hold every occupation, so the common endings stand in (-ist, -ian),
        /// demonyms excluded, beside the nouns that head speaker descriptions ("employee", "witness").
        /// </summary>
        private bool IsOccupation(int k, int s, int e)
        {
            var v = _values[k];
            if (k != s || !initial[k] || e - s < 3)
            {
                return false;
            }

            var lower = v.ToLowerInvariant();
            if (OccupationNouns.Contains(lower) || (SpeechCues.PersonTitleNouns.Contains(lower) && !_g.IsTitleWord(v)))
            {
                return true;
            }

            return v.Length > 5
                && (v.EndsWith("ist", StringComparison.Ordinal) || v.EndsWith("ian", StringComparison.Ordinal))
                && _g.LongestMatch(_values, k, k + 1) is null;
        }

        /// <summary>
        /// "Gladstone Avenue", "Brackley Town Hall", "River Emmet": a place word ends or opens the run. A given name
        /// and one place word ("Nathan Lane") is a person.
        /// </summary>
        private bool IsPlaceName(int s, int e)
        {
            if (e - s < 2)
            {
                return false;
            }

            var last = _values[e - 1];
            if (_g.PlaceLast.Contains(last) && !IsTitle(e - 2))
            {
                if (last == "Hall")
                {
                    return _values[e - 2] is "Town" or "City" or "Village" or "County";
                }

                return !(e - s == 2 && _g.GivenNames.ContainsKey(_values[s]));
            }

            return _g.PlaceFirst.Contains(_values[s]) && !IsTitle(s + 1) && !_g.OrgCues.Contains(last);
        }

        private bool AllNameWords(int s, int e)
        {
            for (var k = s; k < e; k++)
            {
                var v = _values[k];
                if (!IsNameToken(k) || _g.IsTitleWord(v) || _g.OrgCues.Contains(v) || _g.NonEntities.Contains(v) || tokens.Tokens[k].AllCaps)
                {
                    return false;
                }
            }

            return true;
        }

        public IReadOnlyList<Entity> Cluster()
        {
            var clusters = new Dictionary<string, Cluster>(StringComparer.Ordinal);
            var people = new List<Cluster>();
            var pending = new List<Candidate>();

            var surnames = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in _candidates)
            {
                if (c.Kind is null && c.Evidence && c.End - c.Start >= 2)
                {
                    surnames[_values[c.End - 1]] = surnames.GetValueOrDefault(_values[c.End - 1]) + 1;
                }
            }

            foreach (var c in _candidates)
            {
                // "Montenegro said" after "Luis Montenegro": the surname, not the country.
                if (c.Canonical is not null && c.End - c.Start == 1 && !c.Initial && surnames.GetValueOrDefault(_values[c.Start]) == 1
                    && !tokens.Tokens[c.Start].AllCaps)
                {
                    c.Kind = null;
                    pending.Add(c);
                    continue;
                }

                if (c.Canonical is not null || c.Kind == EntityKind.Organization || c.Kind == EntityKind.Place)
                {
                    var name = c.Canonical ?? StripThe(Surface(c.Start, c.End));
                    var key = (c.Kind == EntityKind.Place ? "P:" : "O:") + name;
                    if (!clusters.TryGetValue(key, out var cluster))
                    {
                        cluster = new Cluster { Kind = c.Kind!.Value, Name = name, NameTokens = [], Evidence = true };
                        clusters[key] = cluster;
                    }

                    cluster.Mentions.Add(c);
                }
                else
                {
                    pending.Add(c);
                }
            }

            // People: longest names first, so every short form meets the full names it could belong to.
            pending.Sort((a, b) => (b.End - b.Start).CompareTo(a.End - a.Start));
            foreach (var c in pending)
            {
                var nameTokens = _values[c.Start..c.End];
                // A full name with evidence wins over one without ("Pat Carlineo" only inside a quote): the latter
                // is dropped at the end anyway, so it cannot make a short form ambiguous.
                Cluster? home = null;
                Cluster? weakHome = null;
                var ambiguous = false;
                var weakAmbiguous = false;
                foreach (var person in people)
                {
                    if (!EndsWith(person.NameTokens, nameTokens) && !EndsWith(WithoutSuffix(person.NameTokens), nameTokens))
                    {
                        continue;
                    }

                    if (person.Evidence)
                    {
                        ambiguous |= home is not null && !ReferenceEquals(home, person);
                        home ??= person;
                    }
                    else
                    {
                        weakAmbiguous |= weakHome is not null && !ReferenceEquals(weakHome, person);
                        weakHome ??= person;
                    }
                }

                if (home is null)
                {
                    home = weakHome;
                    ambiguous = weakAmbiguous;
                }

                if (ambiguous)
                {
                    // "Trump" with both "Donald Trump" and "Ivanka Trump" in the article: not guessed.
                    continue;
                }

                if (home is not null)
                {
                    home.Evidence |= c.Evidence;
                    home.Role ??= c.Role;
                    home.Mentions.Add(c);
                    continue;
                }

                if (c.CueOnly)
                {
                    // "the Chronicle" after "the San Francisco Chronicle"; otherwise nobody and nothing.
                    var suffix = " " + nameTokens[0];
                    var whole = clusters.Values.Where(o => o.Kind == EntityKind.Organization && o.Name.EndsWith(suffix, StringComparison.Ordinal)).Take(2).ToList();
                    if (whole.Count == 1)
                    {
                        whole[0].Mentions.Add(c);
                    }

                    continue;
                }

                if (!c.Evidence)
                {
                    // "the Fort Worth girl" after "in Fort Worth": a name seen as a place or organisation elsewhere.
                    var surface = StripThe(Surface(c.Start, c.End));
                    if (clusters.TryGetValue("P:" + surface, out var known) || clusters.TryGetValue("O:" + surface, out known))
                    {
                        known.Mentions.Add(c);
                        continue;
                    }
                }

                var acronymHome = nameTokens.Length == 1 && tokens.Tokens[c.Start].AllCaps
                    ? clusters.Values.FirstOrDefault(o => o.Kind == EntityKind.Organization && Initials(o.Name) == nameTokens[0])
                    : null;
                if (acronymHome is not null)
                {
                    acronymHome.Mentions.Add(c);
                    continue;
                }

                if (c.Kind == EntityKind.Organization)
                {
                    continue;
                }

                // A lone capitalised word at a sentence start with no other evidence is most likely an ordinary word.
                if (nameTokens.Length == 1 && c.Initial && !c.Evidence)
                {
                    continue;
                }

                // "Patrick W. Carlineo" and "Patrick Carlineo Jr.": the same given name and surname are one person.
                var same = nameTokens.Length >= 2 ? people.FirstOrDefault(p => SameGivenAndSurname(p.NameTokens, nameTokens)) : null;
                if (same is not null)
                {
                    same.Evidence |= c.Evidence;
                    same.Role ??= c.Role;
                    same.Mentions.Add(c);
                    continue;
                }

                var created = new Cluster
                {
                    Kind = EntityKind.Person,
                    Name = Surface(c.Start, c.End),
                    NameTokens = nameTokens,
                    Role = c.Role,
                    Evidence = c.Evidence,
                };
                created.Mentions.Add(c);
                people.Add(created);
            }

            var result = new List<(int First, Entity Entity)>();
            foreach (var cluster in clusters.Values.Concat(people))
            {
                // An unknown capitalised run becomes a person only with evidence (a short form merged into it counts
                // only if that mention had evidence: "Aston Villa" ... "Villa captain" is no person).
                if (cluster.Kind == EntityKind.Person && !cluster.Evidence)
                {
                    continue;
                }

                var mentions = cluster.Mentions
                    .Select(m => new TextSpan(tokens.Tokens[m.Start].Start, tokens.Tokens[m.End - 1].End))
                    .Distinct()
                    .OrderBy(m => m.Start)
                    .ToList();
                var role = cluster.Mentions.OrderBy(m => m.Start).Select(m => m.Role).FirstOrDefault(r => r is not null);
                result.Add((mentions[0].Start, new Entity(cluster.Name, cluster.Kind, role, mentions)));
            }

            return result.OrderBy(r => r.First).Select(r => r.Entity).ToList();
        }

        private void SegmentWithGazetteer(int s, int e, bool unknowns)
        {
            var j = s;
            var unknownStart = -1;
            while (j < e)
            {
                var match = _g.LongestMatch(_values, j, e);
                if (match is not null && (english || !match.IsDemonym))
                {
                    // "West Texas", "Northern California": a compass word right before a known place that ends the run is
                    // part of its name ("South China Sea" is a name of its own, not "South China").
                    var compass = match.Kind == EntityKind.Place && !match.IsDemonym && unknownStart >= 0 && unknownStart <= j - 1
                        && j + match.Tokens.Length == e && CompassWords.Contains(_values[j - 1]);
                    var start = compass ? j - 1 : j;
                    if (unknowns && unknownStart >= 0 && unknownStart < start)
                    {
                        AddUnknown(unknownStart, start);
                    }

                    unknownStart = -1;
                    if (compass)
                    {
                        _candidates.Add(new Candidate { Start = start, End = j + match.Tokens.Length, Kind = EntityKind.Place, Evidence = true });
                    }
                    else
                    {
                        AddGazetteer(j, match);
                    }

                    j += match.Tokens.Length;
                    continue;
                }

                if (unknownStart < 0)
                {
                    unknownStart = j;
                }

                j++;
            }

            if (unknowns && unknownStart >= 0)
            {
                AddUnknown(unknownStart, e);
            }
        }

        private void AddUnknown(int a, int b)
        {
            while (a < b && (_g.NonEntities.Contains(_values[a]) || !IsNameToken(a)))
            {
                a++;
            }

            while (b > a && !IsNameToken(b - 1))
            {
                b--;
            }

            if (a >= b)
            {
                return;
            }

            var allTitles = true;
            for (var k = a; k < b; k++)
            {
                allTitles &= IsTitle(k);
            }

            if (allTitles)
            {
                return;
            }

            if (b - a == 1 && tokens.Tokens[a].AllCaps)
            {
                if (!NonOrgAcronyms.Contains(_values[a]) && !_g.NonEntities.Contains(_values[a]) && !IsPartyTag(a))
                {
                    _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Organization, Evidence = true, Initial = initial[a] });
                }

                return;
            }

            if (a > 0 && tokens.IsWord(a - 1) && _g.OrgContext.Contains(_values[a - 1]))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Organization, Evidence = true });
                return;
            }

            // "Association", "Chronicle": an organisation word alone names no person; it may be a short form of an
            // organisation named in full elsewhere (resolved when clustering).
            if (b - a == 1 && _g.OrgCues.Contains(_values[a]))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = null, Evidence = false, Initial = initial[a], CueOnly = true });
                return;
            }

            // "Authorities say ...": a speaker noun opening a sentence is an ordinary word.
            if (b - a == 1 && initial[a] && SpeechCues.SpeakerNouns.Contains(_values[a].ToLowerInvariant()))
            {
                return;
            }

            var follower = b < tokens.Count && tokens.IsWord(b) && !tokens.Tokens[b].Capitalised ? _values[b] : string.Empty;
            if (PlaceNouns.Contains(follower))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Place, Evidence = true });
                return;
            }

            if (OrganisationNouns.Contains(follower))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Organization, Evidence = true });
                return;
            }

            // "Calder Structural, an engineering firm, ...": the appositive's head noun says what the name is.
            var described = DescribedAs(b);
            if (described is not null && (OrganisationNouns.Contains(described) || SpeechCues.InstitutionNouns.Contains(described)))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Organization, Evidence = true });
                return;
            }

            if (described is not null && PlaceNouns.Contains(described))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Place, Evidence = true });
                return;
            }

            var givenName = b - a >= 2 && _g.GivenNames.ContainsKey(_values[a]);
            var role = LowercaseTitleBefore(a) ?? Appositive(b);
            var speaks = SpeechFollows(b) || SpeechPrecedes(a);
            if (!givenName && role is null && !speaks && IsLocative(a, b))
            {
                _candidates.Add(new Candidate { Start = a, End = b, Kind = EntityKind.Place, Evidence = true });
                return;
            }

            _candidates.Add(new Candidate
            {
                Start = a,
                End = b,
                Role = role,
                Evidence = givenName || role is not null || speaks,
                Initial = initial[a],
            });
        }

        /// <summary>
        /// "in Senkata", "near Ashcombe", "north of Kabul", "the town of Brackley": a preposition of place before a
        /// name that nothing else explains. A possessive after it ("in Tays' car") is an owner, not a place.
        /// </summary>
        private bool IsLocative(int a, int b)
        {
            if (b < tokens.Count && (_values[b] == "'s" || tokens.IsPunct(b, '\'') || tokens.IsPunct(b, '\u2019')))
            {
                return false;
            }

            if (a >= 1 && tokens.IsWord(a - 1) && Locatives.Contains(_values[a - 1]))
            {
                return true;
            }

            var k = a - 1;
            if (tokens.IsWord(k) && _values[k] == "the")
            {
                k--;
            }

            return k >= 1 && tokens.IsWord(k) && _values[k] == "of" && tokens.IsWord(k - 1) && LocativeHeads.Contains(_values[k - 1].ToLowerInvariant());
        }

        /// <summary>The head noun of ", a/an/the ... noun," after a name (lower case), or null.</summary>
        private string? DescribedAs(int comma)
        {
            if (!tokens.IsPunct(comma, ',') || !tokens.IsWord(comma + 1) || _values[comma + 1] is not ("a" or "an" or "the"))
            {
                return null;
            }

            var k = comma + 2;
            while (k < tokens.Count && k - comma <= 6 && tokens.IsWord(k) && !tokens.Tokens[k].Capitalised)
            {
                k++;
            }

            return k > comma + 2 && (k >= tokens.Count || tokens.Tokens[k].Kind == TokenKind.Punct) ? _values[k - 1] : null;
        }

        /// <summary>"(D-N.Y.)", "(R-Texas)": a party and state after a politician's name, not an organisation.</summary>
        private bool IsPartyTag(int a)
        {
            var v = _values[a];
            return v.Length >= 3 && v[0] is 'D' or 'R' or 'I' && v[1] == '-' && tokens.IsPunct(a - 1, '(');
        }

        /// <summary>"17th Street", "6th Avenue": an ordinal before a place word; returns the end, or -1.</summary>
        public int NumberedPlaceEnd(int i)
        {
            if (!tokens.IsWord(i) || !char.IsDigit(_values[i][0]) || !IsNameToken(i + 1) || !_g.PlaceLast.Contains(_values[i + 1]))
            {
                return -1;
            }

            _candidates.Add(new Candidate { Start = i, End = i + 2, Kind = EntityKind.Place, Evidence = true });
            return i + 2;
        }

        /// <summary>
        /// "HAYWARD, Calif. (AP) —", "ST. JOSEPH —": capitals opening a paragraph before a comma, dash or bracket are a
        /// dateline's place, reported in title case. Returns the token after it, or -1.
        /// </summary>
        public int DatelineEnd(int i)
        {
            var k = i;
            var words = 0;
            while (k < tokens.Count && k - i < 6)
            {
                if (tokens.IsWord(k) && tokens.Tokens[k].AllCaps && !NonOrgAcronyms.Contains(_values[k]))
                {
                    words++;
                    k++;
                }
                else if (words > 0 && tokens.IsPunct(k, '.') && tokens.Tokens[k].Start == tokens.Tokens[k - 1].End)
                {
                    k++;
                }
                else
                {
                    break;
                }
            }

            if (words == 0 || k >= tokens.Count || tokens.Tokens[k].Kind != TokenKind.Punct
                || tokens.Text[tokens.Tokens[k].Start] is not (',' or '\u2014' or '\u2013' or '-' or '('))
            {
                return -1;
            }

            var surface = tokens.Text[tokens.Tokens[i].Start..tokens.Tokens[k - 1].End];
            if (surface.Length < 3)
            {
                return -1;
            }

            var titleCase = System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(surface.ToLowerInvariant());
            _candidates.Add(new Candidate
            {
                Start = i,
                End = k,
                Kind = EntityKind.Place,
                Canonical = CanonicalName(titleCase),
                Evidence = true,
            });
            return k;
        }

        private void AddGazetteer(int start, GazetteerEntry entry) =>
            _candidates.Add(new Candidate
            {
                Start = start,
                End = start + entry.Tokens.Length,
                Kind = entry.Kind,
                Canonical = entry.Canonical,
                Evidence = true,
            });

        /// <summary>Places and organisations named inside a title ("US President", "Foreign Ministry Spokesman").</summary>
        private void AnalysePrefix(int s, int e)
        {
            var segStart = s;
            var j = s;
            while (j < e)
            {
                var match = _g.LongestMatch(_values, j, e);
                if (match is not null)
                {
                    AddGazetteer(j, match);
                    j += match.Tokens.Length;
                    segStart = j;
                    continue;
                }

                if (_g.OrgCues.Contains(_values[j]) && j > segStart)
                {
                    // "President of the Commission": the office and its connector are not part of the organisation
                    // (a modifier is: "Foreign Ministry").
                    var orgStart = segStart;
                    while (orgStart < j && (_g.IsTitleHead(_values[orgStart]) || Connectors.Contains(_values[orgStart]) || !IsNameToken(orgStart)
                           || OfficeHolderModifiers.Contains(_values[orgStart])))
                    {
                        orgStart++;
                    }

                    _candidates.Add(new Candidate { Start = orgStart, End = j + 1, Kind = EntityKind.Organization, Evidence = true });
                    segStart = j + 1;
                }

                j++;
            }
        }

        /// <summary>The role a title prefix gives, with its owner when written "Iran's Foreign Minister".</summary>
        private string? RoleFromPrefix(int s, int nameStart)
        {
            // Honorifics alone ("Mr.", "Dr.") are not roles.
            var hasOffice = false;
            for (var k = s; k < nameStart; k++)
            {
                hasOffice |= _g.Titles.TryGetValue(_values[k], out var kind) && kind == TitleKind.Head;
            }

            if (!hasOffice)
            {
                return null;
            }

            var last = nameStart - 1;
            while (last >= s && _g.Titles.TryGetValue(_values[last], out var kind) && kind == TitleKind.Honorific)
            {
                last--;
            }

            var from = tokens.Tokens[s].Start;
            if (s >= 2 && _values[s - 1] == "'s" && IsNameToken(s - 2) && tokens.Tokens[s - 2].End == tokens.Tokens[s - 1].Start)
            {
                from = tokens.Tokens[s - 2].Start;
            }

            var text = tokens.Text.AsSpan(from, tokens.Tokens[last].End - from).ToString();
            // Job nouns are common nouns: "Foreign Ministry Spokesman" reads "Foreign Ministry spokesman".
            foreach (var noun in new[] { "Spokesman", "Spokeswoman", "Spokesperson" })
            {
                if (text.EndsWith(noun, StringComparison.Ordinal))
                {
                    text = string.Concat(text.AsSpan(0, text.Length - noun.Length), noun.ToLowerInvariant());
                }
            }

            return text;
        }

        private string? Appositive(int after) => Appositives.After(tokens, after);

        /// <summary>"Foreign Ministry spokesman Bahram Qasemi": a title written in lower case just before the name.</summary>
        private string? LowercaseTitleBefore(int start)
        {
            var head = start - 1;
            if (!tokens.IsWord(head) || tokens.Tokens[head].Capitalised
                || !(SpeechCues.PersonTitleNouns.Contains(_values[head]) || _g.IsTitleHead(_values[head])))
            {
                // "said the agency's operations director, Alison Grey": the title sits before a comma.
                return tokens.IsPunct(head, ',') && head > 0 && tokens.IsWord(head - 1) && !tokens.Tokens[head - 1].Capitalised
                    && SpeechCues.PersonTitleNouns.Contains(_values[head - 1])
                    ? DescriptionEndingAt(head - 1)
                    : null;
            }

            var from = head;
            while (from > 0 && head - from < 5 && tokens.IsWord(from - 1) && _values[from - 1] != "'s"
                   && (tokens.Tokens[from - 1].Capitalised || SpeechCues.PersonTitleNouns.Contains(_values[from - 1])
                       || SpeechCues.TitleModifiers.Contains(_values[from - 1])))
            {
                from--;
            }

            while (from < head && _g.NonEntities.Contains(_values[from]))
            {
                from++;
            }

            return tokens.Text[tokens.Tokens[from].Start..tokens.Tokens[head].End];
        }

        private string? DescriptionEndingAt(int head)
        {
            var from = head;
            while (from > 0 && head - from < 6 && tokens.IsWord(from - 1))
            {
                from--;
                if (SpeechCues.Determiners.Contains(_values[from].ToLowerInvariant()))
                {
                    break;
                }
            }

            return tokens.Text[tokens.Tokens[from].Start..tokens.Tokens[head].End];
        }

        private bool SpeechFollows(int after)
        {
            var j = after;
            if (tokens.IsPunct(j, ','))
            {
                // Skip an appositive: "X, the union's president, said".
                var k = j + 1;
                while (k < tokens.Count && k - j < 18 && !tokens.IsPunct(k, ',') && !tokens.IsPunct(k, '.'))
                {
                    k++;
                }

                if (!tokens.IsPunct(k, ','))
                {
                    return false;
                }

                j = k + 1;
            }

            while (tokens.IsWord(j) && SpeechCues.Skippable.Contains(_values[j]))
            {
                j++;
            }

            return tokens.IsWord(j) && SpeechCues.Verbs.Contains(_values[j]) && !SpeechCues.ReportingOnly.Contains(_values[j]);
        }

        private bool SpeechPrecedes(int start)
        {
            // ", said Qassemi" / "according to Qassemi"
            if (start >= 2 && tokens.IsWord(start - 1) && _values[start - 1] == "to" && _values[start - 2] is "according" or "According")
            {
                return true;
            }

            return start >= 2 && tokens.IsWord(start - 1) && _values[start - 1] is "said" or "says" or "added" or "wrote"
                && (tokens.IsPunct(start - 2, ',') || tokens.IsQuoteMarkToken(start - 2))
                && ClauseEndsAfterName(start);
        }

        /// <summary>", said Qassemi." ends the clause after the name; ", said Christmas trade would suffer" does not.</summary>
        private bool ClauseEndsAfterName(int start)
        {
            var k = start;
            while (IsNameToken(k) || (tokens.IsWord(k) && Particles.Contains(_values[k])))
            {
                k++;
            }

            return k >= tokens.Count || tokens.Tokens[k].Kind == TokenKind.Punct
                || _values[k] is "in" or "on" or "at" or "of" or "from" or "after" or "during" or "when" or "who";
        }

        private bool IsGivenNamePlace(int k)
        {
            if (!IsNameToken(k) || !_g.GivenNames.ContainsKey(_values[k]))
            {
                return false;
            }

            var match = _g.LongestMatch(_values, k, k + 1);
            return match is { Kind: EntityKind.Place, Tokens.Length: 1 };
        }

        private bool IsPersonNameWord(int k, int runEnd)
        {
            if (!IsNameToken(k) && !(tokens.IsWord(k) && Particles.Contains(_values[k]) && k > 0 && k + 1 < runEnd))
            {
                return false;
            }

            var v = _values[k];
            if (_g.IsTitleWord(v) || _g.OrgCues.Contains(v) || _g.NonEntities.Contains(v) || tokens.Tokens[k].AllCaps)
            {
                return false;
            }

            var match = _g.LongestMatch(_values, k, runEnd);
            return match is null;
        }

        private bool IsTitle(int k) => tokens.IsWord(k) && _g.IsTitleWord(_values[k]);

        private bool IsCueOrTitle(int k) => _g.OrgCues.Contains(_values[k]) || _g.IsTitleWord(_values[k]);

        private string Surface(int start, int end) => tokens.Text[tokens.Tokens[start].Start..tokens.Tokens[end - 1].End];

        private static string StripThe(string name) => name.StartsWith("The ", StringComparison.Ordinal) ? name[4..] : name;

        private static bool SameGivenAndSurname(string[] a, string[] b)
        {
            var x = WithoutSuffix(a);
            var y = WithoutSuffix(b);
            return x.Length >= 2 && y.Length >= 2 && (x.Length != y.Length || a.Length != b.Length)
                && string.Equals(x[0], y[0], StringComparison.Ordinal) && string.Equals(x[^1], y[^1], StringComparison.Ordinal)
                && x.Length <= 3 && y.Length <= 3;
        }

        private static string[] WithoutSuffix(string[] name) =>
            name.Length > 2 && NameSuffixes.Contains(name[^1]) ? name[..^1] : name;

        private static bool EndsWith(string[] full, string[] part)
        {
            if (part.Length > full.Length)
            {
                return false;
            }

            for (var k = 1; k <= part.Length; k++)
            {
                if (!string.Equals(full[^k], part[^k], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Initials(string name)
        {
            var chars = new List<char>();
            foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (char.IsUpper(word[0]))
                {
                    chars.Add(word[0]);
                }
            }

            return new string(chars.ToArray());
        }
    }
}

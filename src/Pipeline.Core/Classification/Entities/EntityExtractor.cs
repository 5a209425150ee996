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
        var scan = new Scan(tokens, ArticleContext.SentenceInitial(article, tokens), ArticleContext.LooksEnglish(tokens));
        var i = 0;
        while (i < tokens.Count)
        {
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
            while (j < tokens.Count)
            {
                if (j < minEnd || IsNameToken(j))
                {
                    hasCueOrTitle |= IsCueOrTitle(j);
                    j++;
                    continue;
                }

                if (!tokens.IsWord(j))
                {
                    break;
                }

                var v = _values[j];
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
                if (Connectors.Contains(v) && hasCueOrTitle && v != "the" && IsCueOrTitle(j - 1))
                {
                    var k = j + 1;
                    if (v is "of" or "for" or "on" && tokens.IsWord(k) && _values[k] == "the")
                    {
                        k++;
                    }

                    if (IsNameToken(k))
                    {
                        j = k;
                        continue;
                    }
                }

                break;
            }

            return j;
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

            if (nameStart < e && nameStart > s && titleEnd >= 0)
            {
                var role = RoleFromPrefix(s, nameStart);
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

            if (lastCue > s || (lastCue == s && e - s > 1 && !IsTitle(s + 1)))
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

            // "Luis Montenegro", "Michael Jordan": a given name makes the run a person even when the surname is a place.
            if (e - s is >= 2 and <= 4 && _g.GivenNames.ContainsKey(_values[s]) && AllNameWords(s, e))
            {
                _candidates.Add(new Candidate { Start = s, End = e, Kind = null, Role = LowercaseTitleBefore(s) ?? Appositive(e), Evidence = true, Initial = initial[s] });
                return;
            }

            SegmentWithGazetteer(s, e, unknowns: true);
        }

        /// <summary>
        /// "Geophysicist Kristin Jonsdottir": a capitalised occupation noun opening a sentence before a two-word name.
        /// The list cannot hold every occupation, so the common endings stand in (-ist, -ian), demonyms excluded.
        /// </summary>
        private bool IsOccupation(int k, int s, int e)
        {
            var v = _values[k];
            return k == s && initial[k] && e - s >= 3 && v.Length > 5
                && (v.EndsWith("ist", StringComparison.Ordinal) || v.EndsWith("ian", StringComparison.Ordinal))
                && _g.LongestMatch(_values, k, k + 1) is null;
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
                Cluster? home = null;
                var ambiguous = false;
                foreach (var person in people)
                {
                    if (EndsWith(person.NameTokens, nameTokens))
                    {
                        ambiguous = home is not null && !ReferenceEquals(home, person);
                        home ??= person;
                    }
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
                    if (unknowns && unknownStart >= 0)
                    {
                        AddUnknown(unknownStart, j);
                    }

                    unknownStart = -1;
                    AddGazetteer(j, match);
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
                if (!NonOrgAcronyms.Contains(_values[a]) && !_g.NonEntities.Contains(_values[a]))
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

            var givenName = b - a >= 2 && _g.GivenNames.ContainsKey(_values[a]);
            var role = LowercaseTitleBefore(a) ?? Appositive(b);
            var speaks = SpeechFollows(b) || SpeechPrecedes(a);
            _candidates.Add(new Candidate
            {
                Start = a,
                End = b,
                Role = role,
                Evidence = givenName || role is not null || speaks,
                Initial = initial[a],
            });
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
                    while (orgStart < j && (_g.IsTitleHead(_values[orgStart]) || Connectors.Contains(_values[orgStart]) || !IsNameToken(orgStart)))
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
                       || _values[from - 1] is "foreign" or "chief" or "deputy" or "senior" or "former" or "executive" or "vice"))
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

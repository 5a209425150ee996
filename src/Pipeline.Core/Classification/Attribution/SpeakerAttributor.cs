using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Entities;

namespace Pipeline.Core.Classification.Attribution;

/// <summary>
/// Labels sentences as statements, quotes or reported speech and finds who said each quote.
/// </summary>
/// <remarks>
/// Speakers come from attribution phrases next to the quote (", Qassemi said.", "X said: ...", "said X",
/// "X, the union's president, said", "according to X") and are resolved to the fullest name among
/// <c>entities</c>. Descriptions ("the French foreign minister") resolve to the person whose role they match.
/// Pronouns resolve only when unambiguous: one compatible person in the current and previous paragraph, or the
/// last speaker with no competing person mentioned since; otherwise the speaker stays null rather than guessed.
/// A quote with no phrase of its own inherits the previous quote's speaker in its paragraph, or the speaker of a
/// quote continued from the previous paragraph. Only English cues are known; other languages get roles from the
/// quotes alone.
/// </remarks>
public static class SpeakerAttributor
{
    private static readonly HashSet<string> InvertibleVerbs = new(StringComparer.Ordinal)
    {
        "said", "says", "added", "adds", "wrote", "writes", "asked", "asks", "replied", "continued", "explained",
        "noted", "insisted", "recalled", "stressed", "warned", "argued", "tweeted", "declared", "concluded",
    };

    private static readonly HashSet<string> PhraseStops = new(StringComparer.Ordinal)
    {
        "that", "which", "who", "and", "but", "or", "when", "after", "while", "as", "to", "in", "on", "at", "for",
        "with", "by", "from", "because", "if", "than", "then", "so", "said", "says", "told",
    };

    /// <summary>Labels every sentence and attributes every quote of <paramref name="article"/>.</summary>
    /// <param name="article">The segmented article; its quotes (marks excluded) are the direct quotes.</param>
    /// <param name="entities">The article's entities (see <see cref="EntityExtractor"/>); speakers resolve to their names.</param>
    public static AttributionResult Attribute(SegmentedArticle article, IReadOnlyList<Entity> entities)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(entities);
        var tokens = TextTokens.ForText(article.Cleaned.Text);
        return new Run(article, entities, tokens).Execute();
    }

    private enum RefKind
    {
        Named,
        Raw,
        Pronoun,
        Nominal,
    }

    private sealed record SpeakerRef(RefKind Kind, int Entity, string Text, string? Role, int Start, int End);

    private sealed record Cue(int AnchorStart, int AnchorEnd, int Verb, bool Strong, SpeakerRef Subject)
    {
        public Resolved Speaker { get; set; } = Resolved.None;
    }

    private sealed record Resolved(string? Name, string? Role, int Entity)
    {
        public static Resolved None { get; } = new(null, null, -1);
    }

    private sealed class Run
    {
        private readonly SegmentedArticle _article;
        private readonly IReadOnlyList<Entity> _entities;
        private readonly TextTokens _t;
        private readonly string[] _v;
        private readonly int[] _entityAt;
        private readonly int[] _quoteAt;
        private readonly int[] _paragraphAt;
        private readonly char[] _gender;
        private readonly List<(int Token, int Entity)> _personMentions = [];
        private readonly List<Cue> _cues = [];

        /// <summary>Lookups over the final cues, built once: scanning every cue for every quote and sentence was quadratic.</summary>
        private CueIndex? _cueIndex;

        /// <summary>
        /// Prefix counts of token positions where an unrecognised two-word name starts, built once: looking for one by
        /// walking back to the paragraph start for every pronoun was quadratic in the length of a paragraph.
        /// </summary>
        private int[]? _unknownNamesBefore;

        public Run(SegmentedArticle article, IReadOnlyList<Entity> entities, TextTokens tokens)
        {
            _article = article;
            _entities = entities;
            _t = tokens;
            _v = tokens.Values;
            _entityAt = new int[tokens.Count];
            _quoteAt = new int[tokens.Count];
            _paragraphAt = new int[tokens.Count];
            Array.Fill(_entityAt, -1);
            Array.Fill(_quoteAt, -1);
            for (var q = 0; q < article.Quotes.Count; q++)
            {
                var quote = article.Quotes[q];
                for (var i = tokens.FirstAtOrAfter(quote.Start); i < tokens.Count && tokens.Tokens[i].Start < quote.End; i++)
                {
                    _quoteAt[i] = q;
                }
            }

            foreach (var p in article.Paragraphs)
            {
                for (var i = tokens.FirstAtOrAfter(p.Start); i < tokens.Count && tokens.Tokens[i].Start < p.End; i++)
                {
                    _paragraphAt[i] = p.Index;
                }
            }

            for (var e = 0; e < entities.Count; e++)
            {
                foreach (var m in entities[e].Mentions)
                {
                    for (var i = tokens.FirstAtOrAfter(m.Start); i < tokens.Count && tokens.Tokens[i].Start < m.End; i++)
                    {
                        _entityAt[i] = e;
                    }

                    var first = tokens.FirstAtOrAfter(m.Start);
                    if (entities[e].Kind == EntityKind.Person && first < tokens.Count && _quoteAt[first] < 0)
                    {
                        _personMentions.Add((first, e));
                    }
                }
            }

            _personMentions.Sort((a, b) => a.Token.CompareTo(b.Token));
            _gender = entities.Select(Gender).ToArray();
        }

        public AttributionResult Execute()
        {
            if (ArticleContext.LooksEnglish(_t))
            {
                FindCues();
                ResolveCues();
            }

            var quotes = AttributeQuotes();
            var sentences = LabelSentences(quotes);
            return new AttributionResult(sentences, quotes);
        }

        private void FindCues()
        {
            for (var i = 0; i < _t.Count; i++)
            {
                if (!_t.IsWord(i) || _quoteAt[i] >= 0)
                {
                    continue;
                }

                var v = _v[i];
                if ((v is "according" or "According") && _t.IsWord(i + 1) && _v[i + 1] == "to")
                {
                    var subject = Forward(i + 2, limit: -1);
                    if (subject is not null)
                    {
                        _cues.Add(new Cue(i, subject.End, i, true, subject));
                    }

                    continue;
                }

                if (v is "quoted" or "cited" or "quoting" or "citing")
                {
                    var asSaying = FindAsSaying(i + 1);
                    if (asSaying > 0)
                    {
                        var subject = Forward(i + 1, limit: asSaying);
                        if (subject is not null)
                        {
                            _cues.Add(new Cue(i, asSaying + 1, i, true, subject));
                        }
                    }

                    continue;
                }

                if (!SpeechCues.Verbs.Contains(v))
                {
                    continue;
                }

                var strong = !SpeechCues.ReportingOnly.Contains(v) || (_t.IsWord(i + 1) && _v[i + 1] == "that");

                // Inverted: "..., said Qassemi" / "” said the minister".
                if (InvertibleVerbs.Contains(v) && i > 0 && _t.Tokens[i - 1].Kind == TokenKind.Punct
                    && (_t.IsPunct(i - 1, ',') || _t.IsQuoteMarkToken(i - 1) || _t.IsPunct(i - 1, '\u2014')))
                {
                    // Only when the phrase ends the clause: ", said Qassemi." but not ", said she would return".
                    var after = Forward(i + 1, limit: -1);
                    if (after is not null && (after.End >= _t.Count || _t.Tokens[after.End].Kind == TokenKind.Punct || IsPreposition(after.End)))
                    {
                        _cues.Add(new Cue(i, after.End, i, strong, after));
                        continue;
                    }
                }

                var subjectEnd = i - 1;
                while (subjectEnd >= 0 && _t.IsWord(subjectEnd) && (SpeechCues.Skippable.Contains(_v[subjectEnd]) || IsAdverb(subjectEnd)))
                {
                    subjectEnd--;
                }

                string? role = null;
                if (_t.IsPunct(subjectEnd, ','))
                {
                    // "X, the union's president, said" or "X, on Monday, said": skip what sits between the commas.
                    var open = subjectEnd - 1;
                    while (open >= 0 && subjectEnd - open < 20 && _quoteAt[open] < 0 && !_t.IsPunct(open, ',')
                           && !_t.IsPunct(open, '.') && !_t.IsQuoteMarkToken(open))
                    {
                        open--;
                    }

                    if (open < 0 || !_t.IsPunct(open, ',') || subjectEnd - open < 2)
                    {
                        continue;
                    }

                    // "Its chairman, Dirk Van Loon, said": the name between the commas speaks, the description is its role.
                    var between = Backward(subjectEnd - 1);
                    if (between is { Kind: RefKind.Named or RefKind.Raw } && between.Start == open + 1)
                    {
                        var description = Backward(open - 1);
                        var named = between with { Role = description?.Kind == RefKind.Nominal ? description.Text : null };
                        if (description is not null)
                        {
                            named = named with { Start = description.Start };
                        }

                        _cues.Add(new Cue(named.Start, i, i, strong, named));
                        continue;
                    }

                    role = Appositives.After(_t, open);
                    subjectEnd = open - 1;
                }

                // "a report by The Financial Times that claimed": the relative pronoun's antecedent speaks.
                if (_t.IsWord(subjectEnd) && _v[subjectEnd] is "that" or "who" or "which" && subjectEnd > 0 && _entityAt[subjectEnd - 1] >= 0)
                {
                    subjectEnd--;
                }

                // "X welcomed the aid but said ...": coordinated verbs share the clause's subject.
                if (_t.IsWord(subjectEnd) && _v[subjectEnd] is "but" or "and")
                {
                    var shared = ClauseSubject(subjectEnd);
                    if (shared is not null)
                    {
                        _cues.Add(new Cue(shared.Start, i, i, strong, shared));
                    }

                    continue;
                }

                var found = SpokespersonFor(subjectEnd) ?? Backward(subjectEnd);
                if (found is null || (found.Kind is RefKind.Named or RefKind.Raw && found.Start > 0 && InPrepositionalPhrase(found.Start)))
                {
                    // "A US official with experience negotiating with Iran said": the name sits in a phrase
                    // attached to the real subject; look for that description instead.
                    found = DescriptionBeforePhrase(found?.Start ?? subjectEnd + 1, subjectEnd);
                }

                if (found is not null)
                {
                    found = found with { Role = role ?? found.Role };
                    _cues.Add(new Cue(found.Start, i, i, strong, found));
                }
            }
        }

        private SpeakerRef? DescriptionBeforePhrase(int from, int subjectEnd)
        {
            for (var k = from - 1; k >= 0 && from - k < 16; k--)
            {
                if (!_t.IsWord(k) || _quoteAt[k] >= 0 || SpeechCues.Verbs.Contains(_v[k]))
                {
                    return null;
                }

                // "Kristin Jonsdottir of the Icelandic Met Office said": the person the phrase attaches to.
                if (_entityAt[k] >= 0 && _entities[_entityAt[k]].Kind == EntityKind.Person && IsPreposition(k + 1))
                {
                    var person = Backward(k);
                    return person is null ? null : person with { End = subjectEnd + 1 };
                }

                if (SpeechCues.SpeakerNouns.Contains(_v[k]) && IsPreposition(k + 1))
                {
                    var description = Backward(k);
                    return description is null ? null : description with { End = subjectEnd + 1 };
                }
            }

            return null;
        }

        private static bool IsTitleNoun(string v) => SpeechCues.PersonTitleNouns.Contains(v) || Gazetteer.Default.IsTitleHead(v);

        /// <summary>The name or pronoun that opens the clause ending at <paramref name="conjunction"/>, if any.</summary>
        private SpeakerRef? ClauseSubject(int conjunction)
        {
            var start = conjunction - 1;
            while (start > 0 && conjunction - start < 20 && _t.IsWord(start - 1) && _quoteAt[start - 1] < 0)
            {
                start--;
            }

            if (start >= conjunction - 1 || !_t.IsWord(start))
            {
                return null;
            }

            var subject = Forward(start, limit: conjunction);
            return subject is { Kind: RefKind.Named or RefKind.Pronoun } ? subject : null;
        }

        /// <summary>"with Iran", "with the Islamic Republic": the name is the object of a preposition.</summary>
        private bool InPrepositionalPhrase(int start) =>
            IsPreposition(start - 1)
            || (start >= 2 && _t.IsWord(start - 1) && _v[start - 1] is "the" or "a" or "an" && IsPreposition(start - 2));

        private bool IsPreposition(int i) =>
            _t.IsWord(i) && _v[i] is "with" or "of" or "from" or "in" or "at" or "on" or "for" or "to" or "about" or "close" or "familiar" or "against";

        private bool IsAdverb(int i) =>
            _v[i].Length > 4 && _v[i].EndsWith("ly", StringComparison.Ordinal) && !_t.Tokens[i].Capitalised;

        private int FindAsSaying(int from)
        {
            for (var j = from; j < _t.Count && j - from < 14; j++)
            {
                if (_quoteAt[j] >= 0 || _t.IsPunct(j, '.'))
                {
                    return -1;
                }

                if (_v[j] == "as" && _t.IsWord(j + 1) && _v[j + 1] == "saying")
                {
                    return j;
                }
            }

            return -1;
        }

        /// <summary>The speaker phrase that ends at token <paramref name="end"/> ("Qassemi", "he", "the minister").</summary>
        private SpeakerRef? Backward(int end)
        {
            if (end < 0 || !_t.IsWord(end) || _quoteAt[end] >= 0)
            {
                return null;
            }

            var v = _v[end];
            if (IsPronoun(v))
            {
                return new SpeakerRef(RefKind.Pronoun, -1, v.ToLowerInvariant(), null, end, end + 1);
            }

            if (_entityAt[end] >= 0)
            {
                var e = _entityAt[end];
                var start = end;
                while (start > 0 && _entityAt[start - 1] == e)
                {
                    start--;
                }

                return new SpeakerRef(RefKind.Named, e, _entities[e].Name, null, start, end + 1);
            }

            var lower = v.ToLowerInvariant();
            if (_t.Tokens[end].Capitalised && !SpeechCues.SpeakerNouns.Contains(lower))
            {
                var start = end;
                while (start > 0 && end - start < 4 && _t.IsWord(start - 1) && _t.Tokens[start - 1].Capitalised && _quoteAt[start - 1] < 0)
                {
                    start--;
                }

                while (start <= end && Gazetteer.Default.NonEntities.Contains(_v[start]))
                {
                    start++;
                }

                if (start > end)
                {
                    return null;
                }

                var (nameStart, titleRole) = SplitTitle(start, end + 1);
                var raw = _t.Text[_t.Tokens[nameStart].Start.._t.Tokens[end].End];
                return new SpeakerRef(RefKind.Raw, -1, raw, titleRole, start, end + 1);
            }

            if (!SpeechCues.SpeakerNouns.Contains(lower))
            {
                return null;
            }

            // "Berrien County Health Department officials said": the organisation speaks through them.
            if (lower is "official" or "officials" or "spokesman" or "spokeswoman" or "spokesperson" && end > 0 && _entityAt[end - 1] >= 0
                && _entities[_entityAt[end - 1]].Kind == EntityKind.Organization)
            {
                var org = _entityAt[end - 1];
                var orgStart = end - 1;
                while (orgStart > 0 && _entityAt[orgStart - 1] == org)
                {
                    orgStart--;
                }

                return new SpeakerRef(RefKind.Named, org, _entities[org].Name, v, orgStart, end + 1);
            }

            // A description: walk back to its determiner ("the French foreign minister", "a senior US official").
            var k = end;
            while (k > 0 && end - k < 8)
            {
                var prev = k - 1;
                if (!_t.IsWord(prev) || _quoteAt[prev] >= 0)
                {
                    break;
                }

                var pv = _v[prev];
                var pl = pv.ToLowerInvariant();
                if (SpeechCues.Determiners.Contains(pl))
                {
                    k = prev;
                    break;
                }

                if (PhraseStops.Contains(pl) || SpeechCues.Verbs.Contains(pl))
                {
                    break;
                }

                k = prev;
            }

            var phrase = _t.Text[_t.Tokens[k].Start.._t.Tokens[end].End];
            return new SpeakerRef(RefKind.Nominal, -1, phrase, null, k, end + 1);
        }

        /// <summary>"A spokeswoman for Google said": the speaker is the organisation, the description its role.</summary>
        private SpeakerRef? SpokespersonFor(int end)
        {
            for (var k = end; k >= 0 && end - k < 8; k--)
            {
                if (!_t.IsWord(k) || _quoteAt[k] >= 0)
                {
                    return null;
                }

                if (_v[k] == "for" && k > 0 && _v[k - 1] is "spokesman" or "spokeswoman" or "spokesperson")
                {
                    var description = Backward(k - 1);
                    var named = Forward(k + 1, limit: end + 1);
                    if (named is null || description is null)
                    {
                        return null;
                    }

                    return named with { Role = description.Text, Start = description.Start, End = end + 1 };
                }
            }

            return null;
        }

        /// <summary>The speaker phrase that starts at token <paramref name="start"/> ("said Qassemi", "according to the ministry").</summary>
        private SpeakerRef? Forward(int start, int limit)
        {
            var stop = limit > 0 ? limit : Math.Min(_t.Count, start + 10);
            if (start >= stop || !_t.IsWord(start) || _quoteAt[start] >= 0)
            {
                return null;
            }

            var v = _v[start];
            if (IsPronoun(v))
            {
                return new SpeakerRef(RefKind.Pronoun, -1, v.ToLowerInvariant(), null, start, start + 1);
            }

            // "said biologist Maja Kralj", "said retired judge Philippa Okonjo": a lower-case title in front of the name.
            var nameFrom = _t.Tokens[start].Capitalised ? -1 : LowercaseTitleEnd(start);
            if ((_t.Tokens[start].Capitalised && !Gazetteer.Default.NonEntities.Contains(v)) || nameFrom > start)
            {
                // The capitalised run may hold a title and an organisation before the person: take the person.
                var end = Math.Max(start, nameFrom);
                var chosen = -1;
                // "said Regional Minister for Economy Sofia Carvalho": a title's complement ("for Economy",
                // "of the Interior") belongs to the run, or the run would end at the title and make it the speaker.
                var personStart = -1;
                while (end < stop && _t.IsWord(end)
                       && (_t.Tokens[end].Capitalised || _v[end] == "'s" || _entityAt[end] >= 0 || IsTitleNoun(_v[end])
                           || TitleComplementAt(end, start) > end))
                {
                    if (!_t.Tokens[end].Capitalised && _entityAt[end] < 0 && !IsTitleNoun(_v[end]) && _v[end] != "'s")
                    {
                        end = TitleComplementAt(end, start);
                        continue;
                    }

                    if (_entityAt[end] >= 0 && (chosen < 0 || _entities[_entityAt[end]].Kind == EntityKind.Person)
                        && _entityAt[end] != chosen)
                    {
                        chosen = _entityAt[end];
                        personStart = end;
                    }

                    end++;
                }

                var role = Appositives.After(_t, end);
                if (chosen >= 0)
                {
                    // The title words before the person are the role when the entity has none of its own.
                    if (role is null && _entities[chosen].Role is null && _entities[chosen].Kind == EntityKind.Person && personStart > start)
                    {
                        role = TitlePrefix(start, personStart);
                    }

                    return new SpeakerRef(RefKind.Named, chosen, _entities[chosen].Name, role, start, end);
                }

                var (nameStart, titleRole) = SplitTitle(start, end);
                var raw = _t.Text[_t.Tokens[nameStart].Start.._t.Tokens[end - 1].End];
                return new SpeakerRef(RefKind.Raw, -1, raw, role ?? titleRole, start, end);
            }

            var lower = v.ToLowerInvariant();
            if (!SpeechCues.Determiners.Contains(lower) && !SpeechCues.SpeakerNouns.Contains(lower))
            {
                return null;
            }

            // A description is short: determiner, a few modifiers, the head ("the council's chair", "a senior
            // official"); ", said the attack bore the hallmarks of a group" is a clause, not a speaker.
            var head = -1;
            for (var j = start; j < stop && j - start <= 5 && _t.IsWord(j) && _quoteAt[j] < 0; j++)
            {
                var l = _v[j].ToLowerInvariant();
                if (j > start && (PhraseStops.Contains(l) || SpeechCues.Verbs.Contains(l) || l == "of"))
                {
                    break;
                }

                if (SpeechCues.SpeakerNouns.Contains(l))
                {
                    head = j;
                }
            }

            if (head < 0)
            {
                return null;
            }

            var phrase = _t.Text[_t.Tokens[start].Start.._t.Tokens[head].End];
            // "said the council's chair, Raymond Okafor" / "said a spokeswoman for Google".
            var named = NameAfterDescription(head);
            if (named is not null)
            {
                return named with { Role = phrase, Start = start };
            }

            return new SpeakerRef(RefKind.Nominal, -1, phrase, null, start, head + 1);
        }

        /// <summary>
        /// Where a lower-case title in front of a name ends ("biologist", "chief executive", "retired judge"): the
        /// index of the capitalised word after its last office noun, or -1 when the words at <paramref name="start"/>
        /// are not such a title. Only office nouns and their qualifiers count: "said local residents" is no title.
        /// </summary>
        private int LowercaseTitleEnd(int start)
        {
            var k = start;
            var lastNoun = -1;
            while (k < _t.Count && k - start < 4 && _t.IsWord(k) && !_t.Tokens[k].Capitalised && _quoteAt[k] < 0)
            {
                if (IsTitleNoun(_v[k]))
                {
                    lastNoun = k;
                }
                else if (!SpeechCues.TitleModifiers.Contains(_v[k]))
                {
                    break;
                }

                k++;
            }

            return lastNoun >= 0 && lastNoun + 1 == k && _t.IsWord(k) && _t.Tokens[k].Capitalised && _quoteAt[k] < 0 ? k : -1;
        }

        /// <summary>
        /// Where a title's complement starting at connector <paramref name="i"/> ends ("for Economy", "of the Interior",
        /// "to Germany"), or <paramref name="i"/> when there is none: the connector must follow a title word of a
        /// capitalised run and lead to a capitalised word.
        /// </summary>
        private int TitleComplementAt(int i, int runStart)
        {
            if (i <= runStart || !_t.IsWord(i) || _v[i] is not ("for" or "of" or "to") || !IsTitleWord(i - 1))
            {
                return i;
            }

            var k = i + 1;
            if (_t.IsWord(k) && _v[k] == "the")
            {
                k++;
            }

            return _t.IsWord(k) && _t.Tokens[k].Capitalised && _quoteAt[k] < 0 ? k : i;
        }

        private bool IsTitleWord(int i) =>
            _t.IsWord(i) && (Gazetteer.Default.IsTitleWord(_v[i]) || SpeechCues.PersonTitleNouns.Contains(_v[i].ToLowerInvariant()));

        /// <summary>The title text in [<paramref name="start"/>, <paramref name="end"/>) if it names an office, else null.</summary>
        private string? TitlePrefix(int start, int end)
        {
            var hasHead = false;
            for (var k = start; k < end; k++)
            {
                hasHead |= Gazetteer.Default.IsTitleHead(_v[k]) || SpeechCues.PersonTitleNouns.Contains(_v[k].ToLowerInvariant());
            }

            // Honorifics ("Mr", "Dr") are not roles; an office word is.
            return hasHead ? _t.Text[_t.Tokens[start].Start.._t.Tokens[end - 1].End] : null;
        }

        /// <summary>
        /// "Deputy Mayor Jan Kowal" with no entity for the name: the words after the last title word (or its
        /// complement) are the name, the words before it the role. A run with no title, or nothing after it, stays whole.
        /// </summary>
        private (int NameStart, string? Role) SplitTitle(int start, int end)
        {
            var lastTitle = -1;
            for (var k = start; k < end; k++)
            {
                if (IsTitleWord(k))
                {
                    lastTitle = k;
                }
                else if (lastTitle == k - 1 && TitleComplementAt(k, start) > k)
                {
                    // "Minister for Economy Jan Kowal": the complement's first capitalised word belongs to the title.
                    lastTitle = TitleComplementAt(k, start);
                    k = lastTitle;
                }
            }

            if (lastTitle < 0 || lastTitle + 1 >= end || !_t.Tokens[lastTitle + 1].Capitalised)
            {
                return (start, null);
            }

            var role = TitlePrefix(start, lastTitle + 1);
            return role is null ? (start, null) : (lastTitle + 1, role);
        }

        /// <summary>The organisation in "a spokesman for X" or the name in "the chair, X", after a description's head.</summary>
        private SpeakerRef? NameAfterDescription(int head)
        {
            var next = head + 1;
            if (_t.IsPunct(next, ',') && _t.IsWord(next + 1) && _t.Tokens[next + 1].Capitalised && _quoteAt[next + 1] < 0)
            {
                return Forward(next + 1, limit: -1);
            }

            if (_v[head] is "spokesman" or "spokeswoman" or "spokesperson" && _t.IsWord(next) && _v[next] == "for")
            {
                var k = next + 1;
                while (k < _t.Count && k - next < 6 && _t.IsWord(k) && !_t.Tokens[k].Capitalised && _entityAt[k] < 0)
                {
                    k++;
                }

                return _t.IsWord(k) && (_entityAt[k] >= 0 || _t.Tokens[k].Capitalised) ? Forward(k, limit: -1) : null;
            }

            return null;
        }

        private void ResolveCues()
        {
            var last = -1;
            var lastAt = -1;
            foreach (var cue in _cues.OrderBy(c => c.Subject.Start))
            {
                var s = cue.Subject;
                Resolved resolved;
                switch (s.Kind)
                {
                    case RefKind.Named:
                        resolved = new Resolved(_entities[s.Entity].Name, s.Role ?? _entities[s.Entity].Role, s.Entity);
                        break;
                    case RefKind.Raw:
                        var match = MatchRaw(s.Text);
                        resolved = match >= 0
                            ? new Resolved(_entities[match].Name, s.Role ?? _entities[match].Role, match)
                            : new Resolved(s.Text, s.Role, -1);
                        break;
                    case RefKind.Nominal:
                        var nominal = MatchNominal(s.Text, s.Start);
                        resolved = nominal >= 0
                            ? new Resolved(_entities[nominal].Name, _entities[nominal].Role ?? s.Text, nominal)
                            : DefiniteInstitution(s.Text) is { } institution
                                ? new Resolved(institution, null, -1)
                                : new Resolved(null, s.Text, -1);
                        break;
                    default:
                        var pronoun = ResolvePronoun(s.Text, s.Start, last, lastAt);
                        resolved = pronoun >= 0 ? new Resolved(_entities[pronoun].Name, _entities[pronoun].Role, pronoun) : Resolved.None;
                        break;
                }

                // Quotes and reported-speech sentences both read their speaker from the cue, so this one step is
                // the canonical name for both.
                resolved = Canonical(resolved);
                cue.Speaker = resolved;
                if (resolved.Entity >= 0)
                {
                    last = resolved.Entity;
                    lastAt = s.End;
                }
            }
        }

        /// <summary>
        /// A surname-only person ("Carvalho") left as an entity of its own, when the extractor did not merge it,
        /// resolves to the one person whose fuller name ends with it ("Sofia Carvalho"); two such people leave it as is.
        /// </summary>
        private Resolved Canonical(Resolved resolved)
        {
            if (resolved.Entity < 0 || _entities[resolved.Entity].Kind != EntityKind.Person)
            {
                return resolved;
            }

            var name = _entities[resolved.Entity].Name;
            var fuller = -1;
            for (var e = 0; e < _entities.Count; e++)
            {
                var other = _entities[e].Name;
                if (e != resolved.Entity && _entities[e].Kind == EntityKind.Person && other.Length > name.Length
                    && other.EndsWith(name, StringComparison.Ordinal) && other[other.Length - name.Length - 1] == ' ')
                {
                    if (fuller >= 0)
                    {
                        return resolved;
                    }

                    fuller = e;
                }
            }

            return fuller < 0 ? resolved : new Resolved(_entities[fuller].Name, resolved.Role ?? _entities[fuller].Role, fuller);
        }

        private int MatchRaw(string raw)
        {
            var parts = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var found = -1;
            for (var e = 0; e < _entities.Count; e++)
            {
                var name = _entities[e].Name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length <= name.Length && parts.AsSpan().SequenceEqual(name.AsSpan(name.Length - parts.Length)))
                {
                    if (found >= 0)
                    {
                        return -1;
                    }

                    found = e;
                }
            }

            return found;
        }

        /// <summary>
        /// "the port authority said" with no named organisation to match: the institution itself speaks, named as the
        /// text names it. A person described that way ("the minister") stays unnamed, and so do indefinite ones
        /// ("a local council").
        /// </summary>
        private static string? DefiniteInstitution(string phrase)
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0] is not ("the" or "The") || !SpeechCues.InstitutionNouns.Contains(words[^1].ToLowerInvariant()))
            {
                return null;
            }

            return string.Concat("the", phrase.AsSpan(3));
        }

        /// <summary>"the French foreign minister" → the most recently mentioned person whose role has all those words.</summary>
        private int MatchNominal(string phrase, int at)
        {
            var words = phrase.ToLowerInvariant().Replace('\u2019', '\'').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "France's foreign minister" is as definite as "the foreign minister"; the owner is not matched.
            var possessive = words.Length >= 2 && words[0].EndsWith("'s", StringComparison.Ordinal);
            if (possessive)
            {
                words[0] = "the";
            }

            if (words.Length < 2 || words[0] is not ("the" or "his" or "her" or "its" or "their"))
            {
                // Indefinite ("a senior official") or bare plurals introduce someone new: not resolved.
                return -1;
            }

            var head = words[^1];
            var person = SpeechCues.PersonTitleNouns.Contains(head);
            var institution = SpeechCues.InstitutionNouns.Contains(head);
            if (!person && !institution)
            {
                return -1;
            }

            var best = -1;
            var bestAt = -1;
            for (var e = 0; e < _entities.Count; e++)
            {
                var entity = _entities[e];
                string haystack;
                if (person && entity.Kind == EntityKind.Person && entity.Role is not null)
                {
                    haystack = entity.Role.ToLowerInvariant();
                }
                else if (institution && entity.Kind == EntityKind.Organization)
                {
                    haystack = entity.Name.ToLowerInvariant();
                }
                else
                {
                    continue;
                }

                var all = true;
                for (var w = 1; w < words.Length && all; w++)
                {
                    all = words[w] is "of" or "the" || haystack.Contains(words[w], StringComparison.Ordinal);
                }

                if (!all)
                {
                    continue;
                }

                var lastMention = LastMentionBefore(e, at);
                if (lastMention > bestAt)
                {
                    best = e;
                    bestAt = lastMention;
                }
            }

            return best;
        }

        private int LastMentionBefore(int entity, int token)
        {
            var offset = token < _t.Count ? _t.Tokens[token].Start : _t.Text.Length;
            var last = -1;
            foreach (var m in _entities[entity].Mentions)
            {
                if (m.Start < offset)
                {
                    last = Math.Max(last, m.Start);
                }
            }

            return last;
        }

        private int ResolvePronoun(string pronoun, int at, int lastSpeaker, int lastSpeakerAt)
        {
            if (pronoun is "he" or "she")
            {
                var want = pronoun == "he" ? 'm' : 'f';
                var paragraph = _paragraphAt[at];
                var candidates = new HashSet<int>();
                var afterLast = new HashSet<int>();
                var inParagraph = new HashSet<int>();
                foreach (var (token, entity) in _personMentions)
                {
                    if (token >= at)
                    {
                        break;
                    }

                    if (_paragraphAt[token] < paragraph - 1 || !Compatible(entity, want))
                    {
                        continue;
                    }

                    candidates.Add(entity);
                    if (_paragraphAt[token] == paragraph)
                    {
                        inParagraph.Add(entity);
                    }

                    if (token >= lastSpeakerAt && entity != lastSpeaker)
                    {
                        afterLast.Add(entity);
                    }
                }

                // Nearest context first: one compatible person in the current paragraph's earlier sentences.
                // (An unrecognised name in the paragraph may be the referent too: then only the last-speaker rule.)
                var paragraphStart = _t.FirstAtOrAfter(_article.Paragraphs.Count > paragraph ? _article.Paragraphs[paragraph].Start : 0);
                if (inParagraph.Count == 1 && !UnknownNameBetween(paragraphStart, at))
                {
                    return inParagraph.First();
                }

                // Otherwise the last speaker, if recent (this or the two previous paragraphs) and nobody compatible
                // came up since; a competitor means the text is ambiguous to a rule, so nothing is guessed.
                var lastIsPerson = lastSpeaker >= 0 && _entities[lastSpeaker].Kind == EntityKind.Person;
                var recent = lastSpeakerAt > 0 && _paragraphAt[Math.Min(lastSpeakerAt, _t.Count) - 1] >= paragraph - 2;
                if (lastIsPerson && recent)
                {
                    return Compatible(lastSpeaker, want) && afterLast.Count == 0 && !UnknownNameBetween(lastSpeakerAt, at)
                        ? lastSpeaker
                        : -1;
                }

                // No recent speaker: one compatible person in the previous paragraph.
                return inParagraph.Count == 0 && candidates.Count == 1 ? candidates.First() : -1;
            }

            // "it"/"they" stand for an institution only when the last speaker was one and none has come up since.
            if (lastSpeaker < 0 || _entities[lastSpeaker].Kind == EntityKind.Person)
            {
                return -1;
            }

            var since = _t.Tokens[Math.Min(lastSpeakerAt, _t.Count - 1)].Start;
            var until = _t.Tokens[at].Start;
            for (var e = 0; e < _entities.Count; e++)
            {
                if (e != lastSpeaker && _entities[e].Kind == EntityKind.Organization
                    && _entities[e].Mentions.Any(m => m.Start >= since && m.Start < until))
                {
                    return -1;
                }
            }

            return lastSpeaker;
        }

        /// <summary>A two-word capitalised name the extractor did not recognise may be the pronoun's referent.</summary>
        private bool UnknownNameBetween(int from, int to)
        {
            if (_unknownNamesBefore is null)
            {
                _unknownNamesBefore = new int[_t.Count + 1];
                for (var i = 0; i < _t.Count; i++)
                {
                    _unknownNamesBefore[i + 1] = _unknownNamesBefore[i] + (UnknownNameAt(i) ? 1 : 0);
                }
            }

            // Positions i with from <= i and i + 1 < min(to, token count).
            var low = Math.Max(0, from);
            var high = Math.Min(to, _t.Count) - 1;
            return high > low && _unknownNamesBefore[high] - _unknownNamesBefore[low] > 0;
        }

        /// <summary>An unrecognised capitalised two-word name starts at token <paramref name="i"/>.</summary>
        private bool UnknownNameAt(int i)
        {
            var nonEntities = Gazetteer.Default.NonEntities;
            return i + 1 < _t.Count && _quoteAt[i] < 0 && _entityAt[i] < 0 && _entityAt[i + 1] < 0 && _t.IsWord(i) && _t.IsWord(i + 1)
                && _t.Tokens[i].Capitalised && _t.Tokens[i + 1].Capitalised && !_t.Tokens[i].AllCaps && !_t.Tokens[i + 1].AllCaps
                && !nonEntities.Contains(_v[i]) && !nonEntities.Contains(_v[i + 1])
                && !Gazetteer.Default.IsTitleWord(_v[i]) && !Gazetteer.Default.IsTitleWord(_v[i + 1])
                && !Gazetteer.Default.OrgCues.Contains(_v[i + 1]);
        }

        private CueIndex Cues => _cueIndex ??= new CueIndex(_cues, _t);

        private bool Compatible(int entity, char want) => _gender[entity] == '?' || _gender[entity] == want;

        private List<QuoteAttribution> AttributeQuotes()
        {
            var quotes = _article.Quotes;
            var result = new List<QuoteAttribution>(quotes.Count);
            var resolved = new Resolved[quotes.Count];
            for (var q = 0; q < quotes.Count; q++)
            {
                var cue = CueFor(q);
                var speaker = cue?.Speaker;
                if (speaker is null)
                {
                    speaker = Inherited(q, resolved);
                }

                resolved[q] = speaker ?? Resolved.None;
                result.Add(new QuoteAttribution(quotes[q].Index, resolved[q].Name, resolved[q].Role));
            }

            return result;
        }

        private Cue? CueFor(int q)
        {
            var quote = _article.Quotes[q];
            var first = _t.FirstAtOrAfter(quote.Start);
            var afterEnd = _t.FirstAtOrAfter(quote.End);
            var paragraph = first < _t.Count ? _paragraphAt[first] : -1;
            var previousEnd = q > 0 ? _article.Quotes[q - 1].End : int.MinValue;
            var nextStart = q + 1 < _article.Quotes.Count ? _article.Quotes[q + 1].Start : int.MaxValue;

            // 1. The phrase right after the closing mark: "“...,” Qassemi said." / "“...,” said the minister."
            var next = afterEnd;
            while (next < _t.Count && _t.Tokens[next].Kind == TokenKind.Punct && !_t.IsPunct(next, '.'))
            {
                next++;
            }

            if (next < _t.Count && _paragraphAt[next] == paragraph)
            {
                var immediate = Cues.FirstAnchoredAt(next);
                if (immediate is not null)
                {
                    return immediate;
                }
            }

            var sentenceStart = SentenceStart(quote.FirstSentence);
            var sentenceEnd = SentenceEnd(quote.LastSentence);

            // 2. A phrase earlier in the same sentence: "Qassemi said: “...”" / "Qassemi said the issues can be “discussed”".
            Cue? before = null;
            var beforeIndex = int.MaxValue;
            // Only cues anchored in [sentence start, quote start] can qualify; the index hands them over in any order,
            // so ties on the anchor go to the cue found first in the list, as a scan in list order would.
            foreach (var (c, index) in Cues.AnchoredBetween(sentenceStart, quote.Start))
            {
                var start = _t.Tokens[c.AnchorStart].Start;
                var end = _t.Tokens[Math.Min(c.AnchorEnd, _t.Count - 1)].Start;
                if (start >= sentenceStart && end <= quote.Start && start > previousEnd
                    && (before is null || c.AnchorStart > before.AnchorStart || (c.AnchorStart == before.AnchorStart && index < beforeIndex)))
                {
                    before = c;
                    beforeIndex = index;
                }
            }

            if (before is not null)
            {
                return before;
            }

            // 3. A phrase later in the same sentence, before any other quote (the first such cue in list order).
            Cue? after = null;
            var afterIndex = int.MaxValue;
            foreach (var (c, index) in Cues.AnchoredBetween(quote.End, Math.Min(sentenceEnd, nextStart)))
            {
                var start = _t.Tokens[c.AnchorStart].Start;
                if (c.Strong && start >= quote.End && start < sentenceEnd && start < nextStart && index < afterIndex)
                {
                    after = c;
                    afterIndex = index;
                }
            }

            return after;
        }

        /// <summary>Quotes without a phrase of their own: the paragraph's earlier quote, or a continued quote.</summary>
        private Resolved? Inherited(int q, Resolved[] resolved)
        {
            var quotes = _article.Quotes;
            var quote = quotes[q];
            var first = _t.FirstAtOrAfter(quote.Start);
            if (first >= _t.Count)
            {
                return null;
            }

            var paragraph = _paragraphAt[first];
            if (q > 0)
            {
                var prevFirst = _t.FirstAtOrAfter(quotes[q - 1].Start);
                if (prevFirst < _t.Count && _paragraphAt[prevFirst] == paragraph)
                {
                    return resolved[q - 1].Name is null ? null : resolved[q - 1];
                }
            }

            if (paragraph <= 0 || paragraph >= _article.Paragraphs.Count)
            {
                return null;
            }

            var current = _article.Paragraphs[paragraph];
            var opensParagraph = _t.Text.AsSpan(current.Start, Math.Max(0, quote.Start - current.Start)).Trim().Length <= 1;
            if (!opensParagraph)
            {
                return null;
            }

            var previous = _article.Paragraphs[paragraph - 1];
            // Continued quote: the previous paragraph's last quote ran to its end without a closing mark.
            if (q > 0 && quotes[q - 1].End >= previous.End - 1 && quotes[q - 1].Start >= previous.Start
                && !TextTokens.IsQuoteMark(_t.Text[Math.Min(quotes[q - 1].End, _t.Text.Length - 1)]))
            {
                return resolved[q - 1].Name is null ? null : resolved[q - 1];
            }

            // A quote paragraph with no attribution right after a paragraph that ends with an attributed quote:
            // news style continues the same speaker ("“...,” Stam said." then "“Every worker ...").
            if (q > 0 && quotes[q - 1].Start >= previous.Start && resolved[q - 1].Name is not null
                && !_cues.Any(c => _t.Tokens[c.AnchorStart].Start >= current.Start && _t.Tokens[c.AnchorStart].Start < current.End)
                && !PersonMentionedBetween(quotes[q - 1].End, quote.Start, resolved[q - 1].Entity))
            {
                return resolved[q - 1];
            }

            // Introduced by the previous paragraph: "Mahmoud Vaezi, the head of the office, said:".
            var lastChar = _t.Text.AsSpan(previous.Start, previous.End - previous.Start).TrimEnd();
            if (lastChar.Length > 0 && lastChar[^1] == ':')
            {
                var cue = _cues.LastOrDefault(c => _t.Tokens[c.AnchorStart].Start >= previous.Start && _t.Tokens[c.AnchorStart].Start < previous.End);
                if (cue is not null && cue.Speaker.Name is not null)
                {
                    return cue.Speaker;
                }
            }

            return null;
        }

        private bool PersonMentionedBetween(int from, int to, int except)
        {
            foreach (var (token, entity) in _personMentions)
            {
                var at = _t.Tokens[token].Start;
                if (at >= from && at < to && entity != except)
                {
                    return true;
                }
            }

            return false;
        }

        private List<SentenceLabel> LabelSentences(List<QuoteAttribution> quotes)
        {
            var labels = new List<SentenceLabel>(_article.Sentences.Count);
            var reportedBySentence = Cues.FirstStrongVerbBySentence(_article.Sentences);
            // Quotes in order that never overlap (the segmenter's contract) let each sentence look only at the quotes
            // around it; any other list falls back to looking at all of them.
            var quotesInOrder = true;
            for (var q = 1; q < _article.Quotes.Count && quotesInOrder; q++)
            {
                quotesInOrder = _article.Quotes[q].Start >= _article.Quotes[q - 1].Start && _article.Quotes[q].End >= _article.Quotes[q - 1].End;
            }

            var firstQuote = 0;
            var position = -1;
            foreach (var sentence in _article.Sentences)
            {
                position++;
                string? speaker = null;
                var isQuote = false;
                var bestOverlap = 0;
                if (quotesInOrder)
                {
                    while (firstQuote < _article.Quotes.Count && _article.Quotes[firstQuote].End <= sentence.Start)
                    {
                        firstQuote++;
                    }
                }

                for (var q = quotesInOrder ? firstQuote : 0; q < _article.Quotes.Count; q++)
                {
                    if (quotesInOrder && _article.Quotes[q].Start >= sentence.End)
                    {
                        break;
                    }

                    var quote = _article.Quotes[q];
                    var overlap = Math.Min(quote.End, sentence.End) - Math.Max(quote.Start, sentence.Start);
                    if (overlap <= 0)
                    {
                        continue;
                    }

                    isQuote = true;
                    if (quotes[q].Speaker is not null && overlap > bestOverlap)
                    {
                        speaker = quotes[q].Speaker;
                        bestOverlap = overlap;
                    }
                }

                if (isQuote)
                {
                    labels.Add(new SentenceLabel(sentence.Index, SentenceRole.Quote, speaker));
                    continue;
                }

                var reported = reportedBySentence[position];
                labels.Add(reported is null
                    ? new SentenceLabel(sentence.Index, SentenceRole.Statement, null)
                    : new SentenceLabel(sentence.Index, SentenceRole.ReportedSpeech, reported.Speaker.Name));
            }

            return labels;
        }

        private int SentenceStart(int index) =>
            index >= 0 && index < _article.Sentences.Count ? _article.Sentences[index].Start : 0;

        private int SentenceEnd(int index) =>
            index >= 0 && index < _article.Sentences.Count ? _article.Sentences[index].End : _t.Text.Length;

        private char Gender(Entity entity)
        {
            if (entity.Kind != EntityKind.Person)
            {
                return 'n';
            }

            var g = Gazetteer.Default;
            var first = entity.Name.Split(' ', 2)[0];
            if (g.GivenNames.TryGetValue(first, out var byName) && byName != '?')
            {
                return byName;
            }

            if (entity.Role is not null)
            {
                foreach (var word in entity.Role.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (g.TitleGender.TryGetValue(word, out var byTitle))
                    {
                        return byTitle;
                    }
                }
            }

            foreach (var m in entity.Mentions)
            {
                var i = _t.FirstAtOrAfter(m.Start) - 1;
                if (i >= 0 && _t.IsWord(i) && g.Titles.TryGetValue(_v[i], out var kind) && kind == TitleKind.Honorific
                    && g.TitleGender.TryGetValue(_v[i], out var byHonorific))
                {
                    return byHonorific;
                }
            }

            return '?';
        }

        private static bool IsPronoun(string v) => v is "he" or "she" or "He" or "She" or "they" or "They" or "it" or "It";
    }

    /// <summary>
    /// Lookups over an article's final speech cues, answering as a scan of the list in order would: the first cue
    /// anchored at a token, the cues anchored within a stretch of text, and each sentence's first strong verb.
    /// </summary>
    private sealed class CueIndex
    {
        private readonly List<Cue> cues;
        private readonly Dictionary<int, Cue> firstByAnchorToken = [];
        private readonly int[] anchorStarts;
        private readonly int[] order;

        public CueIndex(List<Cue> cues, TextTokens tokens)
        {
            this.cues = cues;
            var starts = new int[cues.Count];
            order = new int[cues.Count];
            for (var i = 0; i < cues.Count; i++)
            {
                firstByAnchorToken.TryAdd(cues[i].AnchorStart, cues[i]);
                starts[i] = tokens.Tokens[cues[i].AnchorStart].Start;
                order[i] = i;
            }

            Array.Sort(starts, order);
            anchorStarts = starts;
            Tokens = tokens;
        }

        private TextTokens Tokens { get; }

        public Cue? FirstAnchoredAt(int token) => firstByAnchorToken.GetValueOrDefault(token);

        /// <summary>Cues whose anchor starts at a character in [<paramref name="from"/>, <paramref name="to"/>], with their list index.</summary>
        public IEnumerable<(Cue Cue, int Index)> AnchoredBetween(int from, int to)
        {
            if (to < from)
            {
                yield break;
            }

            // The first anchor at or after `from`.
            int low = 0, high = anchorStarts.Length;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (anchorStarts[mid] < from)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            for (var k = low; k < anchorStarts.Length && anchorStarts[k] <= to; k++)
            {
                yield return (cues[order[k]], order[k]);
            }
        }

        /// <summary>For each sentence (by position in the list), the first strong cue in list order whose verb starts inside it.</summary>
        public Cue?[] FirstStrongVerbBySentence(IReadOnlyList<Sentence> sentences)
        {
            var result = new Cue?[sentences.Count];
            var starts = sentences.Select(s => s.Start).ToArray();
            foreach (var cue in cues)
            {
                if (!cue.Strong)
                {
                    continue;
                }

                var at = Tokens.Tokens[cue.Verb].Start;
                // The last sentence starting at or before the verb; sentences never overlap.
                var index = Array.BinarySearch(starts, at);
                if (index < 0)
                {
                    index = ~index - 1;
                }

                while (index > 0 && starts[index - 1] == at)
                {
                    index--;
                }

                for (var k = index; k >= 0 && k < sentences.Count && sentences[k].Start <= at; k++)
                {
                    if (at < sentences[k].End)
                    {
                        result[k] ??= cue;
                    }
                }
            }

            return result;
        }
    }
}

using System.Collections.Frozen;

namespace Pipeline.Core.Segmentation;

/// <summary>What the word before a period is, as far as sentence boundaries care.</summary>
internal enum AbbreviationKind
{
    /// <summary>An ordinary word or number: a period after it ends the sentence when a capital follows.</summary>
    None,

    /// <summary>A title that always precedes a name (Mr., Sen., Brig., Mt.): never ends a sentence before a capital.</summary>
    Title,

    /// <summary>A single capital letter (J. R. R. Tolkien, "you and I."): ends a sentence only before a common sentence starter.</summary>
    Initial,

    /// <summary>Dotted letters (U.S., E.U., Ph.D.): ends a sentence only before a common sentence starter.</summary>
    Acronym,

    /// <summary>a.m. / p.m.: ends a sentence before a capital unless a day, month or time zone follows.</summary>
    Time,

    /// <summary>e.g., i.e., cf., vs.: always lead into more of the same sentence.</summary>
    Introducer,

    /// <summary>etc.: often ends a sentence, so a capital after it starts a new one.</summary>
    Etcetera,

    /// <summary>Co., Inc., Jr., St., No.: ends a sentence only before a common sentence starter.</summary>
    Ambiguous,

    /// <summary>Calif., Tenn., Wash.: like <see cref="Ambiguous"/>, and also ends "Fresno, Calif." before any capital.</summary>
    Place,

    /// <summary>
    /// pct., hrs., lbs., Sept., Sat.: units and dates come before a number or end a sentence, never precede a name,
    /// so a capital after them starts a new sentence.
    /// </summary>
    Unit,
}

/// <summary>
/// The English word lists the sentence splitter consults. They are closed classes (titles, function words) and
/// conventional abbreviations of news style, not lists of benchmark sentences.
/// </summary>
internal static class EnglishLexicon
{
    // Case matters for these: "Mr" is a title, but the lists below that hold "mar", "sat" or "ill" would misfire on
    // ordinary lower-case words, so capitalised forms are matched exactly.
    private static readonly FrozenSet<string> Titles = Set(StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs", "Prof", "Profs", "Gen", "Gens", "Brig", "Lt", "Col",
        "Maj", "Capt", "Cmdr", "Cmdt", "Adm", "Sgt", "Cpl", "Pvt", "Spc", "Sen", "Sens", "Rep", "Reps", "Gov", "Govs",
        "Lt.Gov", "Pres", "Supt", "Det", "Insp", "Rev", "Revs", "Fr", "Msgr", "Hon", "Rt", "Amb", "Atty", "Mt", "Ft", "Pt", "Sra",
        "Srta", "Hr", "Hrn", "Dir", "Cdr", "Cmdt", "Comdr", "Ofc", "Asst", "Assoc", "Supt", "Lieut", "Ald",
        "MR", "MRS", "MS", "DR", "PROF", "GEN", "SEN", "REP", "GOV");

    private static readonly FrozenSet<string> AmbiguousAnyCase = Set(StringComparer.OrdinalIgnoreCase,
        "co", "cos", "corp", "inc", "ltd", "llc", "plc", "jr", "sr", "bros", "dept", "depts", "univ", "assn", "est",
        "govt", "intl", "natl", "mfg", "approx", "al", "st", "ste", "ave", "blvd", "rd", "hwy", "pkwy", "sq", "apt",
        "fig", "figs", "vol", "vols", "ch", "chap", "sec", "sect", "art", "pp", "ed", "eds", "esp", "ref", "tel", "ext",
        "ca", "op", "cit", "ibid", "abt", "misc", "n°", "nº");

    private static readonly FrozenSet<string> AmbiguousCapitalised = Set(StringComparer.Ordinal, "No", "Nos");

    // Months and weekdays come before a number ("Jan. 5") or at the end of a sentence, never before a name.
    private static readonly FrozenSet<string> Dates = Set(StringComparer.Ordinal,
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun");

    // Lower case only: "Ft." is Fort, "ft." is feet.
    private static readonly FrozenSet<string> Units = Set(StringComparer.Ordinal,
        "hr", "hrs", "yr", "yrs", "mo", "mos", "oz", "lb", "lbs", "ft", "pct", "pts", "mln", "bln", "tsp", "tbsp", "gal",
        "qt", "min", "mins", "sec", "secs", "kg", "km", "mi", "cm", "mm");

    private static readonly FrozenSet<string> Places = Set(StringComparer.Ordinal,
        "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md",
        "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Vt", "Va",
        "Wash", "Wis", "Wyo", "Ont", "Alta", "Sask");

    // Lower-case single letters that are abbreviations in their own right: p. 5, v. (versus), c. 1900, f. (following).
    private static readonly FrozenSet<string> LowerLetterAbbreviations = Set(StringComparer.Ordinal, "p", "v", "c", "f", "n", "s", "l");

    private static readonly FrozenSet<string> Introducers = Set(StringComparer.OrdinalIgnoreCase,
        "e.g", "i.e", "eg", "ie", "cf", "viz", "vs", "v", "et", "a.k.a", "aka", "n.b");

    private static readonly FrozenSet<string> TimeAbbreviations = Set(StringComparer.OrdinalIgnoreCase, "a.m", "p.m");

    /// <summary>
    /// Capitalised words that commonly begin an English sentence and rarely continue a proper name: pronouns,
    /// determiners, auxiliaries, conjunctions, prepositions and sentence adverbs, plus a few subject nouns of news
    /// prose. After an ambiguous abbreviation (U.S., Co., Jr.) one of these means a new sentence; any other
    /// capitalised word is read as the rest of a name ("U.S. Government", "St. Michael's").
    /// </summary>
    private static readonly FrozenSet<string> Starters = Set(StringComparer.Ordinal,
        "I", "I'm", "I've", "I'd", "I'll", "He", "He's", "He'd", "She", "She's", "She'd", "It", "It's", "Its", "We", "We're",
        "We've", "We'd", "We'll", "They", "They're", "They've", "They'd", "They'll", "You", "You're", "You'll", "You've",
        "This", "That", "That's", "These", "Those", "There", "There's", "Here", "Here's", "Let's", "Don't", "Doesn't",
        "Didn't", "Isn't", "Wasn't", "Aren't", "Weren't", "Can't", "Won't", "Wouldn't", "Couldn't", "Shouldn't",
        "The", "A", "An", "Some", "Many", "Most", "All", "Each", "Every", "No", "None", "Any", "Both", "Few", "Several",
        "Such", "Nobody", "Everybody", "Everyone", "Someone", "Somebody", "Nothing", "Everything", "Our", "My", "His", "Her", "Their", "Your", "Another", "Other", "Others", "One", "Two", "Three",
        "But", "And", "Or", "So", "Yet", "Nor", "However", "Meanwhile", "Still", "Also", "Then", "Now", "Instead",
        "Indeed", "Moreover", "Furthermore", "Nevertheless", "Nonetheless", "Thus", "Therefore", "Hence", "Although",
        "Though", "While", "Whereas", "When", "Where", "What", "Why", "How", "Who", "Whom", "Whose", "Which",
        "If", "As", "After", "Before", "Since", "Because", "Until", "Unless", "Once", "Even", "Only", "Just", "Not",
        "Yes", "Last", "Next", "Earlier", "Later", "Today", "Yesterday", "Tomorrow", "Tonight", "Recently",
        "In", "On", "At", "For", "With", "By", "From", "To", "Of", "Under", "Over", "Among", "Despite", "During",
        "Against", "Without", "About", "Through", "Into", "Between", "Within", "According", "Like", "Unlike",
        "Is", "Are", "Was", "Were", "Do", "Does", "Did", "Has", "Have", "Had", "Can", "Could", "Will", "Would",
        "Should", "May", "Might", "Must", "Shall", "Please", "Thank", "Thanks", "Hello", "Well", "Oh", "Perhaps",
        "Maybe", "Otherwise", "Overall", "Finally", "First", "Second", "Third", "Again", "Already", "Often",
        "Soon", "Eventually", "Afterward", "Afterwards", "Initially", "Currently", "Similarly", "Additionally",
        "Ultimately", "Sometimes", "Usually", "Unfortunately", "Fortunately", "Notably", "Separately", "Elsewhere",
        "Never", "Always", "Neither", "Either", "Whether", "Whatever", "Whoever", "Much", "More", "Less", "Four",
        "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Asked", "Speaking", "Among", "Amid", "Across", "Along",
        "Behind", "Beyond", "Following", "Including", "Throughout", "Toward", "Towards", "Upon", "Sure",
        "Officials", "Police", "Authorities", "Experts", "Analysts", "Critics", "Investors", "Residents",
        "Researchers", "Scientists", "Lawmakers", "Witnesses", "Prosecutors", "Protesters", "Voters");

    // Words after "9 a.m." that keep the time expression going rather than start a sentence.
    private static readonly FrozenSet<string> TimeFollowers = Set(StringComparer.Ordinal,
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue", "Tues", "Wed",
        "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
        "Sep", "Sept", "Oct", "Nov", "Dec", "Eastern", "Pacific", "Central", "Mountain", "Atlantic", "Greenwich",
        "Moscow", "Beijing", "Tokyo", "London", "Paris", "Local", "Universal", "Coordinated", "Today", "Tomorrow",
        "Yesterday", "Tonight", "Christmas", "New");

    // A sentence that so far is only "At 5 a.m." is an opening adverbial, not a sentence.
    private static readonly FrozenSet<string> IntroPrepositions = Set(StringComparer.OrdinalIgnoreCase,
        "at", "by", "in", "on", "until", "till", "before", "after", "from", "since", "around", "about", "near",
        "between", "through", "during", "like", "unlike", "for", "as", "of", "shortly", "just", "until");

    // Verbs of attribution: after `"Stop!" Smith said` the capital starts the attribution, not a new sentence.
    private static readonly FrozenSet<string> SpeechVerbs = Set(StringComparer.OrdinalIgnoreCase,
        "said", "says", "asked", "asks", "added", "adds", "told", "tells", "shouted", "shouts", "yelled", "screamed",
        "cried", "wrote", "writes", "replied", "replies", "exclaimed", "insisted", "recalled", "continued",
        "explained", "warned", "noted", "declared", "tweeted", "posted", "answered", "whispered", "chanted",
        "responded", "demanded", "wondered", "joked", "laughed", "sighed", "argued", "admitted");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TitlesLookup = Titles.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AmbiguousAnyCaseLookup = AmbiguousAnyCase.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AmbiguousCapitalisedLookup = AmbiguousCapitalised.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> DatesLookup = Dates.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UnitsLookup = Units.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PlacesLookup = Places.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> LowerLetterLookup = LowerLetterAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> IntroducersLookup = Introducers.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TimeLookup = TimeAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StartersLookup = Starters.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TimeFollowersLookup = TimeFollowers.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> IntroLookup = IntroPrepositions.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SpeechLookup = SpeechVerbs.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Classifies the word before a period (without the period; it may hold inner dots, as in <c>U.S</c>).</summary>
    public static AbbreviationKind Classify(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > 12)
        {
            return AbbreviationKind.None;
        }

        if (word.Length == 1)
        {
            var c = word[0];
            if (char.IsUpper(c))
            {
                return AbbreviationKind.Initial;
            }

            return LowerLetterLookup.Contains(word) ? AbbreviationKind.Ambiguous : AbbreviationKind.None;
        }

        if (word.Contains('.'))
        {
            if (TimeLookup.Contains(word))
            {
                return AbbreviationKind.Time;
            }

            if (IntroducersLookup.Contains(word))
            {
                return AbbreviationKind.Introducer;
            }

            if (TitlesLookup.Contains(word))
            {
                return AbbreviationKind.Title;
            }

            return IsDottedLetters(word) ? AbbreviationKind.Acronym : AbbreviationKind.None;
        }

        if (TitlesLookup.Contains(word))
        {
            return AbbreviationKind.Title;
        }

        if (IntroducersLookup.Contains(word))
        {
            return AbbreviationKind.Introducer;
        }

        if (word.Equals("etc", StringComparison.OrdinalIgnoreCase))
        {
            return AbbreviationKind.Etcetera;
        }

        if (UnitsLookup.Contains(word) || DatesLookup.Contains(word))
        {
            return AbbreviationKind.Unit;
        }

        if (PlacesLookup.Contains(word))
        {
            return AbbreviationKind.Place;
        }

        if (AmbiguousCapitalisedLookup.Contains(word) || AmbiguousAnyCaseLookup.Contains(word))
        {
            return AbbreviationKind.Ambiguous;
        }

        return AbbreviationKind.None;
    }

    public static bool IsStarter(ReadOnlySpan<char> word) => StartersLookup.Contains(word);

    public static bool IsTimeFollower(ReadOnlySpan<char> word)
    {
        if (TimeFollowersLookup.Contains(word))
        {
            return true;
        }

        // Time zones: ET, EST, GMT, UTC, CEST.
        if (word.Length is >= 2 and <= 4)
        {
            foreach (var c in word)
            {
                if (!char.IsAsciiLetterUpper(c))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    public static bool IsIntroPreposition(ReadOnlySpan<char> word) => IntroLookup.Contains(word);

    public static bool IsSpeechVerb(ReadOnlySpan<char> word) => SpeechLookup.Contains(word);

    // "U.S", "U.S.A", "Ph.D", "D.C": parts of one or two letters, at least one inner dot.
    private static bool IsDottedLetters(ReadOnlySpan<char> word)
    {
        var partLength = 0;
        foreach (var c in word)
        {
            if (c == '.')
            {
                if (partLength == 0)
                {
                    return false;
                }

                partLength = 0;
            }
            else if (char.IsLetter(c))
            {
                if (++partLength > 2)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return partLength > 0;
    }

    private static FrozenSet<string> Set(StringComparer comparer, params string[] items) => items.ToFrozenSet(comparer);
}

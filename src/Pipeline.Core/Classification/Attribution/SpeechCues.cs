namespace Pipeline.Core.Classification.Attribution;

/// <summary>English reporting verbs and the words that may sit between a speaker and the verb.</summary>
internal static class SpeechCues
{
    /// <summary>Verbs that introduce speech ("X said", "X warned that ..."), lower case. "states" and "notes" are
    /// left out: in news prose they are nouns far more often ("Gulf Arab states").</summary>
    public static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "said", "says", "say", "added", "adds", "told", "tells", "stated", "noted", "stressed",
        "stresses", "warned", "warns", "insisted", "insists", "claimed", "claims", "denied", "denies", "asserted",
        "asserts", "explained", "explains", "wrote", "writes", "argued", "argues", "announced", "announces",
        "declared", "declares", "replied", "replies", "responded", "responds", "remarked", "acknowledged",
        "acknowledges", "admitted", "admits", "emphasised", "emphasized", "emphasises", "emphasizes", "urged",
        "urges", "suggested", "suggests", "conceded", "concedes", "recalled", "recalls", "commented", "maintained",
        "maintains", "confirmed", "confirms", "tweeted", "asked", "asks", "reiterated", "reiterates", "cautioned",
        "predicted", "vowed", "vows", "promised", "promises", "concluded", "complained", "complains", "contended",
        "alleged", "alleges", "continued", "observed", "countered", "objected", "insisted", "announced", "added",
        "pointed", "estimated", "revealed", "reported", "quipped", "shouted", "whispered", "testified", "posted",
        "underlined", "underscored", "highlighted", "affirmed", "clarified", "lamented", "boasted", "predicts",
        "disclosed", "indicated", "conceded", "agreed", "rejected", "dismissed", "mentioned", "contending", "saying", "called", "described",
    };

    /// <summary>Verbs strong enough to make a sentence reported speech on their own (not "rejected", "agreed"...).</summary>
    public static readonly HashSet<string> ReportingOnly = new(StringComparer.Ordinal)
    {
        "rejected", "dismissed", "agreed", "reported", "indicated", "posted", "highlighted", "mentioned", "contending", "saying", "called", "described",
    };

    /// <summary>Words skipped when walking from a verb back to its subject ("X also said", "X has repeatedly warned").</summary>
    public static readonly HashSet<string> Skippable = new(StringComparer.Ordinal)
    {
        "also", "has", "have", "had", "later", "earlier", "then", "once", "again", "further", "previously",
        "repeatedly", "reportedly", "recently", "separately", "publicly", "privately", "initially", "only", "would",
        "will", "could", "did", "does", "do", "not", "never", "still", "already", "quickly", "firmly", "flatly",
        "strongly", "simply", "openly", "angrily", "bluntly", "calmly", "frankly", "sharply", "subsequently",
        "insistently", "explicitly", "clearly", "categorically", "immediately", "personally",
        "himself", "herself", "themselves", "itself", "often", "frequently",
    };

    /// <summary>Lower-case nouns that can head a speaker description ("the minister said", "a senior official told").</summary>
    public static readonly HashSet<string> SpeakerNouns = new(StringComparer.Ordinal)
    {
        "minister", "president", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "source",
        "sources", "diplomat", "diplomats", "head", "chief", "director", "leader", "secretary", "chairman",
        "chairwoman", "chair", "founder", "executive", "adviser", "advisor", "ambassador", "envoy", "professor",
        "analyst", "analysts", "economist", "economists", "researcher", "lawyer", "lawyers", "attorney", "commander",
        "mayor", "governor", "senator", "member", "deputy", "editor", "correspondent", "owner", "manager", "coach",
        "captain", "ceo", "general", "candidate", "lawmaker", "lawmakers", "legislator", "negotiator", "officer",
        "judge", "prosecutor", "prosecutors", "scientist", "expert", "experts", "author", "activist", "activists",
        "premier", "chancellor", "king", "queen", "representative", "ministry", "government", "agency", "company",
        "statement", "report", "police", "army", "military", "group", "union", "embassy", "council", "board",
        "organisation", "organization", "firm", "bank", "office", "department", "spokespeople", "resident",
        "residents", "witness", "witnesses", "aide", "aides", "insider", "insiders", "regulator", "commission",
        "committee", "court", "newspaper", "daily", "agency", "broadcaster", "observer", "observers", "critic",
        "critics", "campaigner", "campaigners", "investigator", "investigators", "doctor", "doctors", "teacher",
        "student", "worker", "workers", "farmer", "vice-president", "counterpart", "administration", "party",
        "authority", "authorities", "association", "trust", "charity", "service", "contractor", "operator",
    };

    /// <summary>Nouns of <see cref="SpeakerNouns"/> that describe an office a named person may hold.</summary>
    public static readonly HashSet<string> PersonTitleNouns = new(StringComparer.Ordinal)
    {
        "minister", "president", "spokesman", "spokeswoman", "spokesperson", "diplomat", "head", "chief", "director",
        "leader", "secretary", "chairman", "chairwoman", "chair", "founder", "executive", "adviser", "advisor",
        "ambassador", "envoy", "professor", "analyst", "economist", "researcher", "lawyer", "attorney", "commander",
        "mayor", "governor", "senator", "member", "deputy", "editor", "correspondent", "owner", "manager", "coach",
        "captain", "ceo", "general", "candidate", "lawmaker", "legislator", "negotiator", "officer", "judge",
        "prosecutor", "scientist", "author", "activist", "premier", "chancellor", "king", "queen", "representative",
        "vice-president", "counterpart", "aide", "official", "economist", "campaigner", "investigator", "doctor",
        "host", "presenter", "anchor", "reporter", "commentator", "columnist", "singer", "actor", "actress",
        "councillor", "councilor",
    };

    /// <summary>
    /// Lower-case words that qualify an office inside a title written before a name ("former minister", "retired
    /// judge", "chief executive"): part of the role, never a name.
    /// </summary>
    public static readonly HashSet<string> TitleModifiers = new(StringComparer.Ordinal)
    {
        "former", "retired", "acting", "interim", "outgoing", "incoming", "then", "senior", "chief", "deputy",
        "executive", "vice", "foreign",
    };

    /// <summary>Nouns of <see cref="SpeakerNouns"/> that describe an institution.</summary>
    public static readonly HashSet<string> InstitutionNouns = new(StringComparer.Ordinal)
    {
        "ministry", "government", "agency", "company", "police", "army", "military", "group", "union", "embassy",
        "council", "board", "organisation", "organization", "firm", "bank", "office", "department", "regulator",
        "commission", "committee", "court", "newspaper", "daily", "broadcaster", "administration", "party",
        "authority", "association", "trust", "charity", "service", "contractor", "operator",
    };

    public static readonly HashSet<string> Determiners = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "his", "her", "its", "their", "one", "another", "two", "three", "several", "some", "many",
        "our", "this", "that", "these", "those",
    };
}

namespace Pipeline.Core.Classification.Topics;

using System.Globalization;
using System.Reflection;
using System.Text.Json;

/// <summary>How an overlay label combines with a label of the same name in the base taxonomy.</summary>
public enum TaxonomyMergeMode
{
    /// <summary>Add the overlay's terms; a term already present takes the overlay's weight.</summary>
    Extend,

    /// <summary>Drop the base label's terms and use the overlay's.</summary>
    Replace,

    /// <summary>Remove the label altogether.</summary>
    Remove,
}

/// <summary>A term or multi-word phrase and how strongly it signals its label.</summary>
/// <remarks>
/// Matching is case-insensitive on stemmed words (so <c>election</c> also matches <c>elections</c>), except for
/// single all-capital words such as <c>US</c> or <c>WHO</c>, which only match the same capitals in the text.
/// </remarks>
public sealed record TopicTerm(string Text, double Weight);

/// <summary>A topic label with its weighted terms.</summary>
/// <param name="Name">The label stored on results, e.g. <c>sport</c>.</param>
/// <param name="Weight">Multiplies every term's weight (default 1).</param>
/// <param name="Terms">Terms and phrases; duplicates keep the last weight.</param>
/// <param name="Code">An external code such as an IPTC media topic id, if any.</param>
/// <param name="Description">What the label covers, for people.</param>
/// <param name="Mode">How this label merges onto a base taxonomy (only meaningful in an overlay).</param>
public sealed record TopicLabel(
    string Name,
    double Weight,
    IReadOnlyList<TopicTerm> Terms,
    string? Code = null,
    string? Description = null,
    TaxonomyMergeMode Mode = TaxonomyMergeMode.Extend);

/// <summary>A user's taxonomy file could not be read; the message names the problem.</summary>
public sealed class TaxonomyFormatException : FormatException
{
    public TaxonomyFormatException(string message)
        : base(message)
    {
    }

    public TaxonomyFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The label set and lexicon the keyword classifier scores against. The default (IPTC media topics, top level)
/// ships embedded; users extend it without recompiling through a JSON file merged onto it:
/// <code>
/// { "version": "acme-2",
///   "labels": {
///     "missile programme": { "weight": 1.2, "terms": ["ballistic missile^3", "warhead", "icbm"] },
///     "weather": { "mode": "remove" } } }
/// </code>
/// A term may carry a weight as <c>"text^2.5"</c>; <c>terms</c> may also be an object <c>{"text": weight}</c>.
/// </summary>
public sealed record Taxonomy(string Version, IReadOnlyList<TopicLabel> Labels)
{
    private const string DefaultResource = "Pipeline.Core.Resources.Topics.iptc-default.json";

    private static readonly Lazy<Taxonomy> DefaultTaxonomy = new(LoadDefault);

    /// <summary>The embedded default: 17 IPTC media topic labels with weighted terms.</summary>
    public static Taxonomy Default => DefaultTaxonomy.Value;

    /// <summary>Parses a taxonomy document. Pure; throws <see cref="TaxonomyFormatException"/> on a malformed document.</summary>
    public static Taxonomy Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new TaxonomyFormatException($"The taxonomy is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TaxonomyFormatException("The taxonomy must be a JSON object with a \"labels\" object.");
            }

            var version = root.TryGetProperty("version", out var v) ? ReadScalar(v, "version") : "custom";
            if (!root.TryGetProperty("labels", out var labelsElement) || labelsElement.ValueKind != JsonValueKind.Object)
            {
                throw new TaxonomyFormatException("The taxonomy needs a \"labels\" object mapping each label name to its terms.");
            }

            var labels = new List<TopicLabel>();
            foreach (var property in labelsElement.EnumerateObject())
            {
                labels.Add(ParseLabel(property.Name, property.Value));
            }

            return new Taxonomy(version, labels);
        }
    }

    /// <summary>
    /// Returns this taxonomy with <paramref name="overlay"/> applied: new labels are added, existing ones are
    /// extended, replaced or removed according to each overlay label's <see cref="TopicLabel.Mode"/>.
    /// The result's version records both, e.g. <c>1+acme-2</c>.
    /// </summary>
    public Taxonomy Merge(Taxonomy overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var merged = new List<TopicLabel>(Labels);
        foreach (var label in overlay.Labels)
        {
            var index = merged.FindIndex(l => string.Equals(l.Name, label.Name, StringComparison.OrdinalIgnoreCase));
            if (label.Mode == TaxonomyMergeMode.Remove)
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }

                continue;
            }

            var fresh = label with { Mode = TaxonomyMergeMode.Extend };
            if (index < 0)
            {
                merged.Add(fresh);
            }
            else if (label.Mode == TaxonomyMergeMode.Replace)
            {
                merged[index] = fresh with { Name = merged[index].Name };
            }
            else
            {
                var existing = merged[index];
                merged[index] = existing with
                {
                    Weight = label.Weight,
                    Terms = MergeTerms(existing.Terms, label.Terms),
                    Code = label.Code ?? existing.Code,
                    Description = label.Description ?? existing.Description,
                };
            }
        }

        return new Taxonomy($"{Version}+{overlay.Version}", merged);
    }

    private static List<TopicTerm> MergeTerms(IReadOnlyList<TopicTerm> first, IReadOnlyList<TopicTerm> second)
    {
        var result = new List<TopicTerm>(first.Count + second.Count);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in first.Concat(second))
        {
            if (positions.TryGetValue(term.Text, out var at))
            {
                result[at] = term;
            }
            else
            {
                positions[term.Text] = result.Count;
                result.Add(term);
            }
        }

        return result;
    }

    private static TopicLabel ParseLabel(string name, JsonElement element)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TaxonomyFormatException("A label name is empty.");
        }

        // A bare array is shorthand for { "terms": [...] }.
        if (element.ValueKind == JsonValueKind.Array)
        {
            return new TopicLabel(name.Trim(), 1.0, ParseTerms(name, element));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TaxonomyFormatException($"Label \"{name}\" must be an object with \"terms\" (or an array of terms).");
        }

        var weight = 1.0;
        if (element.TryGetProperty("weight", out var w))
        {
            if (w.ValueKind != JsonValueKind.Number || !w.TryGetDouble(out weight) || weight <= 0 || double.IsInfinity(weight))
            {
                throw new TaxonomyFormatException($"Label \"{name}\": \"weight\" must be a positive number.");
            }
        }

        var mode = TaxonomyMergeMode.Extend;
        if (element.TryGetProperty("mode", out var m))
        {
            mode = ReadScalar(m, "mode").ToLowerInvariant() switch
            {
                "extend" => TaxonomyMergeMode.Extend,
                "replace" => TaxonomyMergeMode.Replace,
                "remove" => TaxonomyMergeMode.Remove,
                var other => throw new TaxonomyFormatException($"Label \"{name}\": unknown mode \"{other}\" (use extend, replace or remove)."),
            };
        }

        var terms = element.TryGetProperty("terms", out var t) ? ParseTerms(name, t) : [];
        if (terms.Count == 0 && mode != TaxonomyMergeMode.Remove && !element.TryGetProperty("weight", out _))
        {
            throw new TaxonomyFormatException($"Label \"{name}\" has no terms.");
        }

        var code = element.TryGetProperty("code", out var c) ? ReadScalar(c, "code") : null;
        var description = element.TryGetProperty("description", out var d) ? ReadScalar(d, "description") : null;
        return new TopicLabel(name.Trim(), weight, terms, code, description, mode);
    }

    private static List<TopicTerm> ParseTerms(string label, JsonElement element)
    {
        var terms = new List<TopicTerm>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw new TaxonomyFormatException($"Label \"{label}\": every term must be a string.");
                    }

                    terms.Add(ParseBoosted(label, item.GetString()!));
                }

                break;
            case JsonValueKind.Object:
                foreach (var item in element.EnumerateObject())
                {
                    if (item.Value.ValueKind != JsonValueKind.Number || !item.Value.TryGetDouble(out var weight) || weight <= 0)
                    {
                        throw new TaxonomyFormatException($"Label \"{label}\": term \"{item.Name}\" needs a positive number as weight.");
                    }

                    terms.Add(new TopicTerm(CheckText(label, item.Name), weight));
                }

                break;
            default:
                throw new TaxonomyFormatException($"Label \"{label}\": \"terms\" must be an array of strings or an object of term weights.");
        }

        return terms;
    }

    private static TopicTerm ParseBoosted(string label, string raw)
    {
        var caret = raw.LastIndexOf('^');
        if (caret > 0 && double.TryParse(raw.AsSpan(caret + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var boost))
        {
            if (boost <= 0 || double.IsInfinity(boost))
            {
                throw new TaxonomyFormatException($"Label \"{label}\": term \"{raw}\" has a weight that is not a positive number.");
            }

            return new TopicTerm(CheckText(label, raw[..caret]), boost);
        }

        return new TopicTerm(CheckText(label, raw), 1.0);
    }

    private static string CheckText(string label, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new TaxonomyFormatException($"Label \"{label}\" has an empty term.");
        }

        return trimmed;
    }

    private static string ReadScalar(JsonElement element, string what) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        _ => throw new TaxonomyFormatException($"\"{what}\" must be a string."),
    };

    private static Taxonomy LoadDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

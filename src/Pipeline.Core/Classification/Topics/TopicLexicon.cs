namespace Pipeline.Core.Classification.Topics;

using Lucene.Net.Tartarus.Snowball.Ext;

/// <summary>One lexicon hit: which label, how much, and the lexicon term that matched (for evidence).</summary>
internal readonly record struct LexiconEntry(int Label, double Weight, string Term);

/// <summary>
/// A taxonomy compiled once into a trie over word keys, so classifying walks the text's words once and never runs
/// a pattern per term. Matching is longest-first: "world cup" wins over "world", "world bank" over "bank".
/// </summary>
internal sealed class TopicLexicon
{
    private readonly Node root = new();

    // All-capital single words ("US", "WHO", "IT") only match the same capitals: in lower case they are common words.
    private readonly Dictionary<string, List<LexiconEntry>> caseSensitive = new(StringComparer.Ordinal);

    public TopicLexicon(Taxonomy taxonomy)
    {
        Labels = taxonomy.Labels.Select(l => l.Name).ToArray();
        var stemmer = new EnglishStemmer();
        for (var label = 0; label < taxonomy.Labels.Count; label++)
        {
            var topic = taxonomy.Labels[label];
            // Later duplicates of a term within a label override earlier ones (the merge rule).
            var perLabel = new Dictionary<string, TopicTerm>(StringComparer.Ordinal);
            foreach (var term in topic.Terms)
            {
                perLabel[term.Text] = term;
            }

            foreach (var term in perLabel.Values)
            {
                var entry = new LexiconEntry(label, term.Weight * topic.Weight, term.Text);
                if (IsCaseSensitive(term.Text))
                {
                    Add(caseSensitive, term.Text, entry);
                    continue;
                }

                var words = TopicTokenizer.Tokenize(term.Text, stemmer);
                if (words.Count == 0)
                {
                    continue;
                }

                var node = root;
                foreach (var word in words)
                {
                    node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                    if (!node.Children.TryGetValue(word.Key, out var child))
                    {
                        child = new Node();
                        node.Children[word.Key] = child;
                    }

                    node = child;
                }

                node.Entries ??= [];
                // The same phrase can reach a label twice through spellings that stem alike ("programme"/"programmes"): keep the stronger.
                var existing = node.Entries.FindIndex(e => e.Label == label);
                if (existing < 0)
                {
                    node.Entries.Add(entry);
                }
                else if (node.Entries[existing].Weight < entry.Weight)
                {
                    node.Entries[existing] = entry;
                }
            }
        }
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Walks the tokens once and reports every hit with its token position.</summary>
    public void Match(List<TopicToken> tokens, Action<int, List<LexiconEntry>> onHit)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            List<LexiconEntry>? best = null;
            var bestLength = 0;
            var node = root;
            for (var j = i; j < tokens.Count && node.Children is not null; j++)
            {
                if (!node.Children.TryGetValue(tokens[j].Key, out var next))
                {
                    break;
                }

                node = next;
                if (node.Entries is not null)
                {
                    best = node.Entries;
                    bestLength = j - i + 1;
                }
            }

            if (bestLength <= 1 && caseSensitive.TryGetValue(tokens[i].Surface, out var exact))
            {
                onHit(i, exact);
                i++;
                continue;
            }

            if (best is not null)
            {
                onHit(i, best);
                i += bestLength;
            }
            else
            {
                i++;
            }
        }
    }

    private static bool IsCaseSensitive(string term)
    {
        if (term.Length < 2 || term.Length > 6)
        {
            return false;
        }

        foreach (var c in term)
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void Add(Dictionary<string, List<LexiconEntry>> map, string key, LexiconEntry entry)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.RemoveAll(e => e.Label == entry.Label);
        list.Add(entry);
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children { get; set; }

        public List<LexiconEntry>? Entries { get; set; }
    }
}

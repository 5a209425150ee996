namespace Pipeline.Evaluation.Topics;

using System.Text.Json;
using Pipeline.Core.Classification.Topics;

/// <summary>
/// Reads labeled topic sets: one JSON object per line, <c>{"title": "...", "text": "...", "labels": ["..."]}</c>
/// (title optional; a single <c>"label"</c> string is accepted too). Blank lines are skipped.
/// </summary>
public static class TopicDataSet
{
    /// <summary>Parses JSONL text; throws <see cref="FormatException"/> naming the line of the first bad record.</summary>
    public static IReadOnlyList<LabeledText> Parse(string jsonl)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        var items = new List<LabeledText>();
        using var reader = new StringReader(jsonl);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                items.Add(ParseLine(line));
            }
            catch (JsonException ex)
            {
                throw new FormatException($"Line {lineNumber}: not valid JSON ({ex.Message}).", ex);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"Line {lineNumber}: {ex.Message}", ex);
            }
        }

        return items;
    }

    private static LabeledText ParseLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("each line must be a JSON object.");
        }

        var text = OptionalString(root, "text") ?? throw new FormatException("\"text\" is missing.");
        var title = OptionalString(root, "title") ?? string.Empty;
        var labels = new List<string>();
        if (root.TryGetProperty("labels", out var array))
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("\"labels\" must be an array of strings.");
            }

            foreach (var label in array.EnumerateArray())
            {
                if (label.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(label.GetString()))
                {
                    throw new FormatException("\"labels\" must be an array of non-empty strings.");
                }

                labels.Add(label.GetString()!.Trim());
            }
        }
        else if (OptionalString(root, "label") is { } single && single.Trim().Length > 0)
        {
            labels.Add(single.Trim());
        }

        if (labels.Count == 0)
        {
            throw new FormatException("the item has no labels.");
        }

        return new LabeledText(title, text, labels);
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"\"{name}\" must be a string.");
    }
}

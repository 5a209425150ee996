namespace Pipeline.Evaluation.Topics;

using System.Text.Json;

/// <summary>
/// Maps the product's labels onto a data set's labels, e.g. <c>{"sport": "Sports", "politics": "World"}</c>.
/// A label the map does not name is compared as it is.
/// </summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, string> map;

    public LabelMap(IReadOnlyDictionary<string, string> map)
    {
        this.map = new Dictionary<string, string>(map, StringComparer.OrdinalIgnoreCase);
    }

    public static LabelMap Identity { get; } = new(new Dictionary<string, string>());

    public int Count => map.Count;

    /// <summary>Parses a JSON object of string values; throws <see cref="FormatException"/> otherwise.</summary>
    public static LabelMap Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The label map must be a JSON object such as {\"sport\": \"Sports\"}.");
            }

            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"The label map entry \"{property.Name}\" must map to a string.");
                }

                result[property.Name] = property.Value.GetString()!;
            }

            return new LabelMap(result);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The label map is not valid JSON: {ex.Message}", ex);
        }
    }

    public string Apply(string productLabel) => map.TryGetValue(productLabel, out var mapped) ? mapped : productLabel;
}

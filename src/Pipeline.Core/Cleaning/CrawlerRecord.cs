using System.Text.Json;

namespace Pipeline.Core.Cleaning;

/// <summary>A crawler's JSON record: <c>{url, title, html|text, published?, source?}</c>.</summary>
internal sealed record CrawlerRecord(string Url, string Title, string? Html, string? Text, string? Published, string? Source)
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a record, or explains (in a sentence naming the field) why the JSON is not one.</summary>
    public static (CrawlerRecord? Record, string? Problem) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return (null, $"The file is not valid JSON ({e.Message.Split('.')[0]}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"The JSON is a {root.ValueKind.ToString().ToLowerInvariant()}, not a crawler record object {{url, title, html|text}}.");
            }

            var url = String(root, "url");
            var title = String(root, "title");
            var html = String(root, "html");
            var text = String(root, "text");
            var missing = new List<string>();
            if (url is null)
            {
                missing.Add("\"url\"");
            }

            if (title is null)
            {
                missing.Add("\"title\"");
            }

            if (html is null && text is null)
            {
                missing.Add("\"html\" or \"text\"");
            }

            if (missing.Count > 0)
            {
                return (null, $"The JSON is not a crawler record: the field {string.Join(", ", missing)} is missing or not a string.");
            }

            return (new CrawlerRecord(url!, title!, html, text, String(root, "published"), String(root, "source")), null);
        }
    }

    private static string? String(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                var value = property.Value.GetString();
                return string.IsNullOrWhiteSpace(value) ? null : value;
            }
        }

        return null;
    }
}

using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Processing.Configuration;

/// <summary>
/// Reads <c>local.settings.json</c> the way Azure Functions Core Tools does: the <c>Values</c> object becomes
/// configuration, with <c>__</c> meaning a section separator. Environment variables are added after it and win.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    /// <summary>The settings file to use: <c>PIPELINE_SETTINGS</c>, else the current folder's, else none.</summary>
    public static string? Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable("PIPELINE_SETTINGS");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new FileNotFoundException($"PIPELINE_SETTINGS points to {explicitPath}, which does not exist.");
        }

        var local = Path.Combine(Directory.GetCurrentDirectory(), FileName);
        return File.Exists(local) ? local : null;
    }

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string? path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (path is null)
        {
            return builder;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }

        return builder.AddInMemoryCollection(values);
    }
}

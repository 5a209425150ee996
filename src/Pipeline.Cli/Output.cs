using System.Text.Json;
using Pipeline.Core.Articles;

namespace Pipeline.Cli;

/// <summary>Output helpers: JSON for scripts uses the same serializer settings everywhere.</summary>
internal static class Output
{
    /// <summary>One compact JSON value on its own line.</summary>
    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ArticleJson.Options));

    /// <summary>Shortens text for a table cell.</summary>
    public static string Clip(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var flat = value.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..(max - 1)] + "…";
    }

    /// <summary>Escapes text for Spectre.Console markup.</summary>
    public static string Markup(string? value) => Spectre.Console.Markup.Escape(value ?? string.Empty);
}

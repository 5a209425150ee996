using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Web;

/// <summary>The stylesheet and script, embedded in the assembly (see the csproj) and served from <c>/static/NAME</c>.</summary>
internal static class StaticAssets
{
    private const string Prefix = "Pipeline.Web.Assets.";

    private static readonly FrozenDictionary<string, (byte[] Content, string Type)> Files = Load();

    public static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file)
            ? Results.Bytes(file.Content, file.Type)
            : Results.NotFound();

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var name = resource[Prefix.Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[name] = (memory.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

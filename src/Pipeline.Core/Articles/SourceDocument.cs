namespace Pipeline.Core.Articles;

/// <summary>What kind of file a user dropped.</summary>
public enum SourceKind
{
    /// <summary>An HTML page (<c>.html</c>, <c>.htm</c>, or sniffed).</summary>
    Html,

    /// <summary>A plain-text dump of a web page (<c>.txt</c>, or sniffed).</summary>
    Text,

    /// <summary>A crawler record: JSON with <c>url</c>, <c>title</c>, <c>html</c> or <c>text</c>, <c>published</c>, <c>source</c>.</summary>
    Json,
}

/// <summary>A dropped file exactly as stored: its name and its bytes.</summary>
/// <param name="Name">The blob name (or local file name), used to guess the kind from its extension.</param>
/// <param name="Content">The raw bytes, never modified.</param>
public sealed record SourceDocument(string Name, ReadOnlyMemory<byte> Content);

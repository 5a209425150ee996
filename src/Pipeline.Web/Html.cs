using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Pipeline.Web;

/// <summary>
/// A piece of HTML that is safe to send: built only from literal markup and encoded values. Interpolating into
/// <see cref="Html.Of"/> encodes every hole unless the hole is itself <see cref="SafeHtml"/>, so article text (untrusted
/// HTML from the web) can never become markup by forgetting to escape it.
/// </summary>
public readonly struct SafeHtml
{
    private readonly string? value;

    internal SafeHtml(string value) => this.value = value;

    public static SafeHtml Empty => new(string.Empty);

    public override string ToString() => value ?? string.Empty;
}

/// <summary>Builds <see cref="SafeHtml"/>.</summary>
public static class Html
{
    // Encodes the markup characters (< > & " ') but keeps letters of every script as they are: articles come in many languages.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>Markup from an interpolated string: literal parts kept, holes HTML-encoded (SafeHtml holes kept as they are).</summary>
    public static SafeHtml Of(ref HtmlBuilder builder) => builder.Build();

    /// <summary>Text as HTML: every markup character encoded.</summary>
    public static SafeHtml Text(string? text) => new(Encoder.Encode(text ?? string.Empty));

    /// <summary>Several pieces in a row.</summary>
    public static SafeHtml Join(IEnumerable<SafeHtml> parts) => new(string.Concat(parts.Select(p => p.ToString())));

    /// <summary>A URL query value.</summary>
    public static string Query(string? value) => Uri.EscapeDataString(value ?? string.Empty);

    /// <summary>The interpolated-string handler behind <see cref="Of"/>.</summary>
    [InterpolatedStringHandler]
    public ref struct HtmlBuilder
    {
        private readonly StringBuilder builder;

        public HtmlBuilder(int literalLength, int formattedCount)
        {
            _ = formattedCount;
            builder = new StringBuilder(literalLength + 64);
        }

        public readonly void AppendLiteral(string literal) => builder.Append(literal);

        public readonly void AppendFormatted(SafeHtml html) => builder.Append(html.ToString());

        public readonly void AppendFormatted(string? text) => builder.Append(Encoder.Encode(text ?? string.Empty));

        public readonly void AppendFormatted<T>(T value, string? format = null)
        {
            // Lists of markup pieces bind here (the generic overload wins over an IEnumerable one), so they are recognised at run time.
            if (value is IEnumerable<SafeHtml> parts)
            {
                foreach (var part in parts)
                {
                    builder.Append(part.ToString());
                }

                return;
            }

            var text = value is IFormattable formattable
                ? formattable.ToString(format, System.Globalization.CultureInfo.InvariantCulture)
                : value?.ToString();
            builder.Append(Encoder.Encode(text ?? string.Empty));
        }

        internal readonly SafeHtml Build() => new(builder.ToString());
    }
}

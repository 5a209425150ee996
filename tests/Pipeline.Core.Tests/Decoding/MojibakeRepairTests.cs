using System.Text;
using FsCheck.Xunit;
using Pipeline.Core.Decoding;
using Xunit;

namespace Pipeline.Core.Tests.Decoding;

public class MojibakeRepairTests
{
    static MojibakeRepairTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("Iranâ€™s missile", "Iran’s missile")]
    [InlineData("CafÃ© au lait", "Café au lait")]
    [InlineData("â€œQuotedâ€\u009d", "“Quoted”")]
    [InlineData("Ã¼ber MÃ¼nchen", "über München")]
    [InlineData("costs 5Â\u00a0â‚¬", "costs 5\u00a0€")]
    public void Repair_Utf8ReadAsWindows1252_RestoresTheText(string broken, string expected)
    {
        Assert.Equal(expected, MojibakeRepair.Repair(broken));
    }

    [Theory]
    [InlineData("Plain ASCII text.")]
    [InlineData("Café, naïve, Ærøskøbing, Ålesund")]
    [InlineData("Ã alone is a letter")]
    [InlineData("“Quotes” and – dashes — stay")]
    public void Repair_GenuineText_IsUnchanged(string text)
    {
        Assert.Equal(text, MojibakeRepair.Repair(text));
    }

    private const string Alphabet = "abcXYZ 019.,éèüñçøß’“”–—€中文Ωж";

    [Property(MaxTest = 300)]
    public bool Repair_OfMojibake_RoundTrips(byte[] choices)
    {
        // Text with at least one accented letter or smart punctuation mark: that is what makes mojibake recognisable.
        var original = new string(choices.Select(b => Alphabet[b % Alphabet.Length]).ToArray()) + "’";
        var broken = AsWindows1252(Encoding.UTF8.GetBytes(original));

        return MojibakeRepair.Repair(broken) == original;
    }

    private static string AsWindows1252(byte[] bytes)
    {
        var cp1252 = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            var c = cp1252.GetString([b]);
            // Bytes Windows-1252 leaves undefined come through as the C1 control of the same value.
            builder.Append(c == "\uFFFD" || c == "?" ? (char)b : c[0]);
        }

        return builder.ToString();
    }
}

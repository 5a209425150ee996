using FsCheck.Xunit;
using Pipeline.Core.Decoding;
using Xunit;

namespace Pipeline.Core.Tests.Decoding;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("a\u00a0b", "a b")]
    [InlineData("a  \t  b", "a b")]
    [InlineData("  padded  ", "padded")]
    [InlineData("zero\u200bwidth\ufeff", "zerowidth")]
    [InlineData("soft\u00adhyphen", "softhyphen")]
    [InlineData("e\u0301", "é")]
    [InlineData("line\nbreak", "line break")]
    public void NormalizeInline_Whitespace_IsCleaned(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeInline(input));
    }

    [Theory]
    [InlineData("“Curly” ‘quotes’ – en — em … ellipsis")]
    [InlineData("\"straight\" 'quotes' - hyphen")]
    [InlineData("ZWNJ in Persian: می\u200cخواهم")]
    public void NormalizeInline_Typography_IsKept(string text)
    {
        Assert.Equal(text, TextNormalizer.NormalizeInline(text));
    }

    [Property(MaxTest = 300)]
    public bool NormalizeInline_IsIdempotent(string? input)
    {
        var once = TextNormalizer.NormalizeInline(input ?? string.Empty);

        return TextNormalizer.NormalizeInline(once) == once;
    }

    [Property(MaxTest = 300)]
    public bool NormalizeInline_LeavesNoLineBreaksOrDoubleSpaces(string? input)
    {
        var result = TextNormalizer.NormalizeInline(input ?? string.Empty);

        return !result.Contains('\n') && !result.Contains("  ", StringComparison.Ordinal) && result == result.Trim();
    }
}

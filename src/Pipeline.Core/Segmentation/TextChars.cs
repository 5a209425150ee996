using System.Buffers;

namespace Pipeline.Core.Segmentation;

/// <summary>Character classes shared by the splitters.</summary>
internal static class TextChars
{
    /// <summary>Every character at which a sentence may end; the splitter jumps from one to the next.</summary>
    public static readonly SearchValues<char> Terminals = SearchValues.Create(
        ".!?…;\u037E\u203C\u2047\u2048\u2049" + StrongTerminalChars);

    /// <summary>Bullets that start a list item wherever they stand after white space.</summary>
    public static readonly SearchValues<char> Bullets = SearchValues.Create("•‣⁃◦▪▸►●○■□◆◇➢➤✓✔");

    public static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\u2028\u2029\u0085");

    // CJK, Devanagari, Armenian, Arabic/Urdu, Ethiopic, Myanmar and Khmer full stops and question marks: these
    // scripts put no space after them, and nothing like an abbreviation uses them, so they always end a sentence.
    private const string StrongTerminalChars = "。！？｡．।॥։؟۔።፧။។";

    public static bool IsStrongTerminal(char c) => StrongTerminalChars.Contains(c);

    /// <summary>Marks that may follow a sentence's last punctuation and still belong to it.</summary>
    public static bool IsCloser(char c) => c switch
    {
        '"' or '\'' or '”' or '’' or ')' or ']' or '}' or '»' or '›' or '」' or '』' or '）' or '】' or '〉' or '》' or '〕' or '“' => true,
        _ => false,
    };

    /// <summary>Marks that may stand before a sentence's first word.</summary>
    public static bool IsOpener(char c) => c switch
    {
        '"' or '\'' or '“' or '‘' or '(' or '[' or '{' or '«' or '‹' or '„' or '‚' or '「' or '『' or '（' or '【' or '〈' or '《' or '¿' or '¡' or '*' or '_' => true,
        _ => false,
    };

    public static bool IsQuoteMark(char c) => c switch
    {
        '"' or '\'' or '“' or '”' or '‘' or '’' or '„' or '‚' or '«' or '»' or '‹' or '›' or '「' or '」' or '『' or '』' => true,
        _ => false,
    };

    public static bool IsGreek(char c) => c is (>= '\u0370' and <= '\u03FF') or (>= '\u1F00' and <= '\u1FFF');

    /// <summary>Scripts written without spaces, where every character counts as a word token.</summary>
    public static bool IsIdeographic(char c) =>
        c is (>= '\u3040' and <= '\u30FF') // kana
            or (>= '\u3400' and <= '\u4DBF') // CJK extension A
            or (>= '\u4E00' and <= '\u9FFF') // CJK unified
            or (>= '\uF900' and <= '\uFAFF') // CJK compatibility
            or (>= '\u0E00' and <= '\u0E7F'); // Thai: no spaces between words either

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}

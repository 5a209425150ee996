using System.Text;
using Pipeline.Core.Decoding;
using Xunit;

namespace Pipeline.Core.Tests.Decoding;

public class TextDecoderTests
{
    static TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Decode_Utf8Bom_UsesUtf8AndDropsTheMark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("café")).ToArray();

        var decoded = TextDecoder.Decode(bytes, lookForHtmlCharset: false);

        Assert.Equal("café", decoded?.Text);
        Assert.Equal("utf-8", decoded?.EncodingName);
    }

    [Fact]
    public void Decode_Utf16BigEndianBom_Decodes()
    {
        var bytes = new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes("Grüße")).ToArray();

        Assert.Equal("Grüße", TextDecoder.Decode(bytes, lookForHtmlCharset: false)?.Text);
    }

    [Fact]
    public void Decode_MetaCharsetWindows1252_DecodesLegacyBytes()
    {
        var html = "<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00e9 \u2019quoted\u2019 \u20ac5</p></body></html>";
        var bytes = Encoding.GetEncoding(1252).GetBytes(html);

        var decoded = TextDecoder.Decode(bytes, lookForHtmlCharset: true);

        Assert.Equal(html, decoded?.Text);
        Assert.Equal("windows-1252", decoded?.EncodingName);
    }

    [Fact]
    public void Decode_HttpEquivContentType_IsHonoured()
    {
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\"></head><body>Zażółć gęślą jaźń</body></html>";
        var bytes = Encoding.GetEncoding("iso-8859-2").GetBytes(html);

        Assert.Equal(html, TextDecoder.Decode(bytes, lookForHtmlCharset: true)?.Text);
    }

    [Fact]
    public void Decode_ValidUtf8UnderWrongLatin1Label_TrustsTheBytes()
    {
        var html = "<meta charset=\"iso-8859-1\"><p>Grüße aus München – “quoted”</p>";
        var bytes = Encoding.UTF8.GetBytes(html);

        var decoded = TextDecoder.Decode(bytes, lookForHtmlCharset: true);

        Assert.Equal(html, decoded?.Text);
        Assert.Equal("utf-8", decoded?.EncodingName);
    }

    [Fact]
    public void Decode_UndeclaredLegacyBytes_FallsBackToALegacyEncoding()
    {
        var text = "Le caf\u00e9 de la r\u00e9publique \u00e9tait ferm\u00e9 ce jour-l\u00e0, d\u00e9j\u00e0 \u00e0 midi.";
        var bytes = Encoding.GetEncoding(1252).GetBytes(text);

        var decoded = TextDecoder.Decode(bytes, lookForHtmlCharset: false);

        Assert.Equal(text, decoded?.Text);
    }

    [Theory]
    [InlineData("latin1", 1252)]
    [InlineData("ISO-8859-1", 1252)]
    [InlineData("us-ascii", 1252)]
    [InlineData("utf-16", 65001)]
    [InlineData("shift-jis", 932)]
    public void FromLabel_WhatwgAliases_MapLikeBrowsers(string label, int codePage)
    {
        Assert.Equal(codePage, TextDecoder.FromLabel(label)?.CodePage);
    }
}

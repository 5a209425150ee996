using System.Text;
using Pipeline.Core.Decoding;
using Xunit;

namespace Pipeline.Core.Tests.Decoding;

public class ContentInspectorTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "PNG image")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46 }, "JPEG image")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0 }, "GIF image")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "PDF document")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0 }, "ZIP archive")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0 }, "gzip archive")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, "Microsoft Office")]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 3, 0, 0, 0, 0 }, "MP3 audio")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6D, 0x70, 0x34, 0x32 }, "MP4")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "WebP image")]
    public void Inspect_KnownMagicNumber_RejectsAsBinaryNamingTheFormat(byte[] head, string expectedName)
    {
        var rejection = ContentInspector.Inspect(head, head.Length);

        Assert.NotNull(rejection);
        Assert.Equal("binary", rejection.Code);
        Assert.Contains(expectedName, rejection.Reason, StringComparison.Ordinal);
        Assert.Contains("not an article", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ZeroBytes_RejectsAsEmpty()
    {
        var rejection = ContentInspector.Inspect([], 0);

        Assert.Equal("empty", rejection?.Code);
    }

    [Theory]
    [InlineData("   \r\n\t  ")]
    [InlineData("\uFEFF  \n")]
    [InlineData("\uFEFF")]
    public void Inspect_OnlyWhitespaceOrBom_RejectsAsEmpty(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);

        Assert.Equal("empty", ContentInspector.Inspect(bytes, bytes.Length)?.Code);
    }

    [Fact]
    public void Inspect_BlankHeadOfLongerFile_IsNotCalledEmpty()
    {
        var head = Encoding.ASCII.GetBytes(new string(' ', 100));

        Assert.Null(ContentInspector.Inspect(head, 100_000));
    }

    [Theory]
    [InlineData("<!doctype html><html><body><p>Hello</p></body></html>")]
    [InlineData("Plain text dump of a page.\nSecond line.")]
    [InlineData("{\"url\": \"https://example.org\", \"title\": \"T\", \"text\": \"x\"}")]
    [InlineData("Ünïcödé, 中文, العربية")]
    public void Inspect_Text_ReturnsNull(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);

        Assert.Null(ContentInspector.Inspect(bytes, bytes.Length));
    }

    [Fact]
    public void Inspect_Utf16WithBom_IsText()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Hello world, an article.")).ToArray();

        Assert.Null(ContentInspector.Inspect(bytes, bytes.Length));
    }

    [Fact]
    public void Inspect_NulBytes_RejectsAsBinary()
    {
        byte[] bytes = [0x41, 0x00, 0x13, 0x00, 0x00, 0x99, 0x42, 0x00, 0x00, 0x00, 0x01, 0x02];

        var rejection = ContentInspector.Inspect(bytes, bytes.Length);

        Assert.Equal("binary", rejection?.Code);
    }

    [Fact]
    public void Inspect_ManyControlBytes_RejectsAsBinary()
    {
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i % 3 == 0 ? 0x01 : 0x41)).ToArray();

        Assert.Equal("binary", ContentInspector.Inspect(bytes, bytes.Length)?.Code);
    }
}

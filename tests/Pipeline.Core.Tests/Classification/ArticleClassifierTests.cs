using System.Text;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Topics;

namespace Pipeline.Core.Tests.Classification;

public sealed class ArticleClassifierTests
{
    private static readonly KeywordTopicClassifier Topics = new();

    [Fact]
    public void Process_EnglishNewsPage_FillsEveryPartOfTheRecord()
    {
        const string page = """
            <html lang="en"><head><title>Port workers strike over night shifts | Harbour Times</title>
            <meta property="og:site_name" content="Harbour Times"></head><body>
            <nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
            <article><h1>Port workers strike over night shifts</h1>
            <p>Dock workers at the city's container port walked out on Monday in a dispute over night-shift pay, halting the loading of 14 ships.</p>
            <p>"We will stay out until the company listens," said Omar Haddad, the union's regional secretary. The company said the strike was illegal.</p>
            <p>Haddad said talks with the port operator had broken down after the company refused to raise the night allowance.</p>
            </article><footer>© 2026 Harbour Times. All rights reserved.</footer></body></html>
            """;

        var record = ArticlePipeline.Process(new SourceDocument("strike.html", Encoding.UTF8.GetBytes(page)), ArticlePipelineOptions.Default, Topics);

        Assert.Equal(ArticleStatus.Processed, record.Status);
        Assert.Equal("en", record.Language);
        Assert.NotEmpty(record.Topics);
        Assert.All(record.Sentences, s => Assert.Equal(s.Text, record.Text![s.Start..s.End]));
        var quote = Assert.Single(record.Quotes);
        Assert.Equal("Omar Haddad", quote.Speaker);
        Assert.Contains(record.Sentences, s => s.Role == "quote");
        Assert.Contains(record.Entities, e => e.Name == "Omar Haddad" && e.Kind == "person");
        Assert.Contains(record.Removed, r => r.Reason == RemovalReasons.Navigation);
    }

    [Fact]
    public void Process_FrenchArticle_DetectsFrench_AndLeavesEnglishLexiconTopicsEmpty()
    {
        const string text = """
            Le conseil municipal a voté lundi la rénovation de la piscine du quartier nord, fermée depuis deux ans.

            Les travaux dureront dix-huit mois et coûteront environ quatre millions d'euros, selon la mairie.

            « C'est une bonne nouvelle pour les familles du quartier », a déclaré l'adjointe chargée des sports.
            """;

        var record = ArticlePipeline.Process(new SourceDocument("piscine.txt", Encoding.UTF8.GetBytes(text)), ArticlePipelineOptions.Default, Topics);

        Assert.Equal("fr", record.Language);
        Assert.Empty(record.Topics);
        Assert.Equal(Topics.ModelId, record.TopicModel);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34 }, "binary")]
    public void Process_BadInput_FailsWithCodeAndReason(byte[] content, string code)
    {
        var record = ArticlePipeline.Process(new SourceDocument("bad.txt", content), ArticlePipelineOptions.Default, Topics);

        Assert.Equal(ArticleStatus.Failed, record.Status);
        Assert.Equal(code, record.Failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(record.Failure.Reason));
    }
}

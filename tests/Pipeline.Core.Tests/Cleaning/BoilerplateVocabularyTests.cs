using System.Text;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

/// <summary>The furniture labels the cleaner knows beyond English, and prose that must not be taken for them.</summary>
public class BoilerplateVocabularyTests
{
    [Theory]
    [InlineData("Ähnliche Beiträge", RemovalReasons.RelatedLinks)]
    [InlineData("Das könnte Sie auch interessieren", RemovalReasons.RelatedLinks)]
    [InlineData("À lire aussi", RemovalReasons.RelatedLinks)]
    [InlineData("Noticias relacionadas", RemovalReasons.RelatedLinks)]
    [InlineData("Leggi anche", RemovalReasons.RelatedLinks)]
    [InlineData("Leia também", RemovalReasons.RelatedLinks)]
    [InlineData("Zurück nach oben", RemovalReasons.Navigation)]
    [InlineData("Schlagworte:", RemovalReasons.Navigation)]
    [InlineData("Retour en haut de page", RemovalReasons.Navigation)]
    [InlineData("Volver arriba", RemovalReasons.Navigation)]
    [InlineData("Seite teilen", RemovalReasons.ShareBar)]
    [InlineData("Artikel teilen: Facebook Twitter E-Mail", RemovalReasons.ShareBar)]
    [InlineData("Partager sur Facebook", RemovalReasons.ShareBar)]
    [InlineData("Kommentar schreiben", RemovalReasons.Comments)]
    [InlineData("Noch keine Kommentare", RemovalReasons.Comments)]
    [InlineData("Laisser un commentaire", RemovalReasons.Comments)]
    [InlineData("12 Kommentare", RemovalReasons.Comments)]
    [InlineData("- Anzeige -", RemovalReasons.Advertisement)]
    [InlineData("Publicidad", RemovalReasons.Advertisement)]
    [InlineData("Foto: Stadtarchiv", RemovalReasons.CaptionOrCredit)]
    [InlineData("© 2024 Verlag am See. Alle Rechte vorbehalten.", RemovalReasons.LegalFooter)]
    [InlineData("Mentions légales", RemovalReasons.LegalFooter)]
    [InlineData("Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", RemovalReasons.CookieNotice)]
    [InlineData("Nous utilisons des cookies pour mesurer l'audience.", RemovalReasons.CookieNotice)]
    [InlineData("Wir nutzen Cookies auf unserer Website.", RemovalReasons.CookieNotice)]
    [InlineData("Category: News, Events", RemovalReasons.Metadata)]
    [InlineData("Schlagworte: Verkehr, Stadtrat, Nachtbus", RemovalReasons.Metadata)]
    [InlineData("Über den Autor", RemovalReasons.Navigation)]
    [InlineData("About the author", RemovalReasons.Navigation)]
    [InlineData("Rate this article", RemovalReasons.Navigation)]
    [InlineData("(Noch keine Bewertungen)", RemovalReasons.Navigation)]
    public void ReasonForText_LabelInAnotherLanguage_IsFurniture(string text, string reason)
    {
        Assert.Equal(reason, BoilerplateVocabulary.ReasonForText(text));
    }

    [Theory]
    [InlineData("Teilen die Anwohner diese Sorge, wird der Rat im Herbst erneut abstimmen.")]
    [InlineData("Weitere Fahrten sind ab dem Frühjahr geplant, sagte die Sprecherin der Verkehrsbetriebe.")]
    [InlineData("Die Themen der Sitzung waren der Haushalt und die neue Buslinie.")]
    [InlineData("Suchen Sie nach der Haltestelle am Markt, dort fährt der Nachtbus ab.")]
    [InlineData("Le conseil municipal a voté mardi la prolongation du service de bus de nuit.")]
    [InlineData("Anterior a la votación, el alcalde pidió calma a los vecinos.")]
    [InlineData("Themen: Der Rat sprach über den Haushalt. Danach ging es um die Buslinie.")]
    [InlineData("Über den Autor des Gutachtens ist wenig bekannt, sagte die Sprecherin.")]
    public void ReasonForText_ProseThatStartsLikeALabel_IsKept(string text)
    {
        Assert.Null(BoilerplateVocabulary.ReasonForText(text));
    }

    [Theory]
    [InlineData("cookiehint")]
    [InlineData("site-cookiebar")]
    [InlineData("cookieconsent-banner")]
    public void ReasonForHint_CookieWordRunTogether_IsACookieNotice(string hint)
    {
        Assert.Equal(RemovalReasons.CookieNotice, BoilerplateVocabulary.ReasonForHint(hint));
    }

    [Fact]
    public void Clean_GermanPageFurnitureAroundTheStory_IsRemoved()
    {
        string[] story =
        [
            "Der Stadtrat hat am Dienstag beschlossen, den Nachtbus bis in die nördlichen Stadtteile zu verlängern, wie es Anwohner seit drei Jahren fordern.",
            "Die Busse sollen zwischen Mitternacht und fünf Uhr morgens alle zwanzig Minuten fahren, die ersten Linien starten voraussichtlich im Frühjahr.",
            "Die Kosten werden aus dem Verkehrshaushalt gedeckt, zwei Ratsmitglieder stimmten wegen des Preises dagegen, die übrigen dafür.",
        ];
        var html = "<html><body><article><h1>Nachtbus fährt bald weiter</h1>"
            + string.Concat(story.Select(p => "<p>" + p + "</p>"))
            + "<p>Seite teilen</p><p>Zurück nach oben</p>"
            + "<h3>Ähnliche Beiträge</h3><p><a href='/a'>Neue Radwege am Fluss</a></p>"
            + "</article></body></html>";

        var outcome = ArticleCleaner.Clean(new SourceDocument("seite.html", Encoding.UTF8.GetBytes(html)), CleaningOptions.Default);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.Reason);
        var text = outcome.Value!.Text;
        Assert.Contains(story[2], text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seite teilen", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Zurück nach oben", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ähnliche Beiträge", text, StringComparison.Ordinal);
    }
}

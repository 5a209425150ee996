namespace Pipeline.Core.Tests.Classification.Language;

using FsCheck.Xunit;
using Pipeline.Core.Classification.Language;
using Xunit;

public class LanguageDetectorTests
{
    [Theory]
    [InlineData("en", "The city council approved the new budget on Tuesday after a long debate about the cost of public transport and the future of the old harbour.")]
    [InlineData("fr", "Le conseil municipal a approuvé mardi le nouveau budget après un long débat sur le coût des transports publics et l'avenir du vieux port.")]
    [InlineData("de", "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Kosten des Nahverkehrs und die Zukunft des alten Hafens den neuen Haushalt beschlossen.")]
    [InlineData("es", "El ayuntamiento aprobó el martes el nuevo presupuesto después de un largo debate sobre el coste del transporte público y el futuro del viejo puerto.")]
    [InlineData("it", "Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito sul costo dei trasporti pubblici e sul futuro del vecchio porto.")]
    [InlineData("pt", "A câmara municipal aprovou na terça-feira o novo orçamento depois de um longo debate sobre o custo dos transportes públicos e o futuro do velho porto.")]
    [InlineData("nl", "De gemeenteraad heeft dinsdag de nieuwe begroting goedgekeurd na een lang debat over de kosten van het openbaar vervoer en de toekomst van de oude haven.")]
    [InlineData("sv", "Kommunfullmäktige godkände på tisdagen den nya budgeten efter en lång debatt om kostnaden för kollektivtrafiken och den gamla hamnens framtid.")]
    [InlineData("pl", "Rada miasta zatwierdziła we wtorek nowy budżet po długiej debacie o kosztach transportu publicznego i przyszłości starego portu.")]
    [InlineData("tr", "Belediye meclisi, toplu taşımanın maliyeti ve eski limanın geleceği hakkında uzun bir tartışmanın ardından salı günü yeni bütçeyi onayladı.")]
    [InlineData("ru", "Городской совет во вторник утвердил новый бюджет после долгих споров о стоимости общественного транспорта и будущем старого порта.")]
    [InlineData("uk", "Міська рада у вівторок затвердила новий бюджет після тривалої дискусії про вартість громадського транспорту та майбутнє старого порту.")]
    [InlineData("el", "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό μετά από μακρά συζήτηση για το κόστος των δημόσιων συγκοινωνιών.")]
    [InlineData("hy", "Քաղաքային խորհուրդը երեքշաբթի հաստատեց նոր բյուջեն հասարակական տրանսպորտի արժեքի մասին երկար քննարկումից հետո։")]
    [InlineData("he", "מועצת העיר אישרה ביום שלישי את התקציב החדש לאחר דיון ארוך על עלות התחבורה הציבורית ועתיד הנמל הישן.")]
    [InlineData("ar", "وافق مجلس المدينة يوم الثلاثاء على الميزانية الجديدة بعد نقاش طويل حول تكلفة النقل العام ومستقبل الميناء القديم.")]
    [InlineData("fa", "شورای شهر روز سه‌شنبه پس از بحثی طولانی درباره هزینه حمل و نقل عمومی و آینده بندر قدیمی، بودجه جدید را تصویب کرد.")]
    [InlineData("hi", "नगर परिषद ने मंगलवार को सार्वजनिक परिवहन की लागत और पुराने बंदरगाह के भविष्य पर लंबी बहस के बाद नया बजट मंजूर किया।")]
    [InlineData("zh", "市议会星期二在就公共交通费用和旧港口的未来进行长时间辩论后批准了新预算。")]
    [InlineData("ja", "市議会は火曜日、公共交通の費用と古い港の将来について長い議論を行った後、新しい予算を承認した。")]
    [InlineData("ko", "시의회는 화요일 대중교통 비용과 옛 항구의 미래에 대한 긴 논쟁 끝에 새 예산을 승인했다.")]
    [InlineData("da", "Byrådet godkendte tirsdag det nye budget efter en lang debat om prisen på den offentlige transport og fremtiden for den gamle havn.")]
    [InlineData("fi", "Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion, kun se oli keskustellut pitkään joukkoliikenteen kustannuksista ja vanhan sataman tulevaisuudesta.")]
    [InlineData("cs", "Městská rada v úterý schválila nový rozpočet po dlouhé debatě o nákladech na veřejnou dopravu a o budoucnosti starého přístavu.")]
    [InlineData("ro", "Consiliul local a aprobat marți noul buget după o lungă dezbatere despre costul transportului public și viitorul vechiului port.")]
    [InlineData("id", "Dewan kota menyetujui anggaran baru pada hari Selasa setelah perdebatan panjang tentang biaya transportasi umum dan masa depan pelabuhan lama.")]
    public void Detect_CouncilSentence_ReturnsItsLanguage(string expected, string text)
    {
        var guess = LanguageDetector.Detect(text);

        Assert.Equal(expected, guess.Code);
        Assert.InRange(guess.Confidence, 0.3, 1.0);
    }

    [Theory]
    [InlineData("en", "She said that the players would not be ready for the match, but the coach was confident they could win it.")]
    [InlineData("fr", "Elle a dit que les joueurs ne seraient pas prêts pour le match, mais l'entraîneur était sûr qu'ils pourraient le gagner.")]
    [InlineData("de", "Sie sagte, dass die Spieler nicht für das Spiel bereit sein würden, aber der Trainer war sicher, dass sie es gewinnen könnten.")]
    [InlineData("es", "Dijo que los jugadores no estarían listos para el partido, pero el entrenador estaba seguro de que podrían ganarlo.")]
    [InlineData("pt", "Ela disse que os jogadores não estariam prontos para o jogo, mas o treinador estava confiante de que poderiam vencê-lo.")]
    [InlineData("it", "Ha detto che i giocatori non sarebbero stati pronti per la partita, ma l'allenatore era sicuro che avrebbero potuto vincerla.")]
    public void Detect_SecondSentence_ReturnsItsLanguage(string expected, string text)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text).Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Hi!")]
    [InlineData("12345 67890 !!!")]
    [InlineData("OK.")]
    public void Detect_TooLittleText_ReturnsUndeterminedWithZeroConfidence(string? text)
    {
        var guess = LanguageDetector.Detect(text);

        Assert.Equal("und", guess.Code);
        Assert.Equal(0, guess.Confidence);
    }

    [Fact]
    public void Detect_LongerText_IsMoreConfidentThanShortText()
    {
        var shortGuess = LanguageDetector.Detect("the results of the vote");
        var longGuess = LanguageDetector.Detect("The results of the vote were announced on Sunday evening, and the party that won the most seats said it would form a government with the support of two smaller groups.");

        Assert.Equal("en", longGuess.Code);
        Assert.True(longGuess.Confidence > shortGuess.Confidence);
    }

    [Property(MaxTest = 300)]
    public void Detect_AnyString_ReturnsCodeAndConfidenceInRange(string? text)
    {
        var guess = LanguageDetector.Detect(text);

        Assert.False(string.IsNullOrEmpty(guess.Code));
        Assert.InRange(guess.Confidence, 0.0, 1.0);
    }

    [Property(MaxTest = 100)]
    public void Detect_SameText_SameGuess(string? text)
    {
        Assert.Equal(LanguageDetector.Detect(text), LanguageDetector.Detect(text));
    }
}

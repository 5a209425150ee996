using Pipeline.Core.Segmentation;
using Xunit;

namespace Pipeline.Core.Tests.Segmentation;

public class SentenceSplitterTests
{
    // Expected sentences are separated by " | " to keep each case on one line.
    private static void AssertSplit(string text, string expected, string? language = null)
    {
        var actual = SentenceSplitter.Split(text, language).Select(s => text[s.Start..s.End]);
        Assert.Equal(expected, string.Join(" | ", actual));
    }

    [Theory]
    [InlineData("The river rose overnight. Roads were closed by dawn.", "The river rose overnight. | Roads were closed by dawn.")]
    [InlineData("Was anyone hurt? Nobody knows yet.", "Was anyone hurt? | Nobody knows yet.")]
    [InlineData("Unbelievable!! Then the lights went out.", "Unbelievable!! | Then the lights went out.")]
    [InlineData("Really?! She laughed.", "Really?! | She laughed.")]
    [InlineData("No terminal punctuation here", "No terminal punctuation here")]
    [InlineData("   Padded sentence.   Another one.  ", "Padded sentence. | Another one.")]
    public void Split_PlainSentences_SplitsAtTerminals(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("Brig. Gen. Ana Ruiz arrived on Monday. She spoke briefly.", "Brig. Gen. Ana Ruiz arrived on Monday. | She spoke briefly.")]
    [InlineData("Sen. Hal Voss and Rep. Dee Marsh met Dr. Ito.", "Sen. Hal Voss and Rep. Dee Marsh met Dr. Ito.")]
    [InlineData("Mr. and Mrs. Okoro sold the farm. They moved to town.", "Mr. and Mrs. Okoro sold the farm. | They moved to town.")]
    [InlineData("Gov. Lena Park vetoed it.", "Gov. Lena Park vetoed it.")]
    [InlineData("The hikers reached Mt. Rainier at noon.", "The hikers reached Mt. Rainier at noon.")]
    [InlineData("Prof. Kim disagreed. Her colleague did not.", "Prof. Kim disagreed. | Her colleague did not.")]
    public void Split_TitlesAndHonorifics_DoNotEndSentences(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("The trilogy by J. R. R. Tolkien sold well.", "The trilogy by J. R. R. Tolkien sold well.")]
    [InlineData("Officer Maya K. Brandt testified.", "Officer Maya K. Brandt testified.")]
    [InlineData("He chose plan B. The others agreed.", "He chose plan B. | The others agreed.")]
    [InlineData("It was decided by you and I. We both know it.", "It was decided by you and I. | We both know it.")]
    public void Split_Initials_DecideByWhatFollows(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("The deadline is Jan. 15 for most filers.", "The deadline is Jan. 15 for most filers.")]
    [InlineData("It reopened on Sept. 3 after repairs.", "It reopened on Sept. 3 after repairs.")]
    [InlineData("Sales peaked in Dec. The slump began soon after.", "Sales peaked in Dec. | The slump began soon after.")]
    [InlineData("The plant is in Sacramento, Calif. It employs 900 people.", "The plant is in Sacramento, Calif. | It employs 900 people.")]
    [InlineData("The plant is near Fresno, Calif. and employs 900 people.", "The plant is near Fresno, Calif. and employs 900 people.")]
    [InlineData("It rained all day Sat. Sunday was dry.", "It rained all day Sat. | Sunday was dry.")]
    [InlineData("The fight is in Brooklyn, N.Y. Tickets sold out.", "The fight is in Brooklyn, N.Y. | Tickets sold out.")]
    [InlineData("TULSA, Okla. (AP) — Crews worked overnight.", "TULSA, Okla. (AP) — Crews worked overnight.")]
    [InlineData("AUSTIN, Texas — The vote failed.", "AUSTIN, Texas — The vote failed.")]
    [InlineData("The index fell 2.3 pct. Traders cited rates.", "The index fell 2.3 pct. | Traders cited rates.")]
    public void Split_MonthsAndPlaces_DecideByWhatFollows(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("Talks moved to the U.N. The envoy left early.", "Talks moved to the U.N. | The envoy left early.")]
    [InlineData("She joined the U.N. Security Council staff.", "She joined the U.N. Security Council staff.")]
    [InlineData("Inflation in the U.K. eased in May.", "Inflation in the U.K. eased in May.")]
    [InlineData("Exports to the U.S. But imports fell.", "Exports to the U.S. | But imports fell.")]
    [InlineData("He moved to Washington, D.C. It was 1998.", "He moved to Washington, D.C. | It was 1998.")]
    [InlineData("He holds a Ph.D. in chemistry.", "He holds a Ph.D. in chemistry.")]
    [InlineData("The U.S. 10-year yield rose.", "The U.S. 10-year yield rose.")]
    [InlineData("She moved to the U.S. Soon she was famous.", "She moved to the U.S. | Soon she was famous.")]
    [InlineData("He is a Ph.D. candidate at M.I.T. His thesis is on AI.", "He is a Ph.D. candidate at M.I.T. | His thesis is on AI.")]
    public void Split_Acronyms_DecideByWhatFollows(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("The shop opens at 9 a.m. Monday through Friday.", "The shop opens at 9 a.m. Monday through Friday.")]
    [InlineData("Polls close at 8 p.m. Results follow later.", "Polls close at 8 p.m. | Results follow later.")]
    [InlineData("By 7 a.m. Ms. Ngata had left the hotel.", "By 7 a.m. Ms. Ngata had left the hotel.")]
    [InlineData("Launch is set for 6:15 p.m. ET on Friday.", "Launch is set for 6:15 p.m. ET on Friday.")]
    [InlineData("The meeting ended at 4 p.m. and nobody spoke.", "The meeting ended at 4 p.m. and nobody spoke.")]
    [InlineData("Polls open at 7 a.m. Voters must bring ID.", "Polls open at 7 a.m. | Voters must bring ID.")]
    public void Split_Times_DecideByWhatFollows(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("The fund lost 3.5% in a week.", "The fund lost 3.5% in a week.")]
    [InlineData("Tickets cost $12.50. Children enter free.", "Tickets cost $12.50. | Children enter free.")]
    [InlineData("The index closed at 4,512.75. Bonds rallied.", "The index closed at 4,512.75. | Bonds rallied.")]
    [InlineData("It was founded in 1990. 2001 was its best year.", "It was founded in 1990. | 2001 was its best year.")]
    [InlineData("See No. 7 on the list.", "See No. 7 on the list.")]
    [InlineData("Details are on p. 14 of the filing.", "Details are on p. 14 of the filing.")]
    public void Split_NumbersAndMoney_StayWhole(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("Read it at https://news.example.net/a/b.html. Then comment.", "Read it at https://news.example.net/a/b.html. | Then comment.")]
    [InlineData("Write to tips@example.co.uk. We reply within a day.", "Write to tips@example.co.uk. | We reply within a day.")]
    [InlineData("The page www.example.com/path?q=1&x=2 loads slowly.", "The page www.example.com/path?q=1&x=2 loads slowly.")]
    [InlineData("Northfield Inc. and Brightline Co. merged.", "Northfield Inc. and Brightline Co. merged.")]
    [InlineData("He sued Acme Corp. They settled.", "He sued Acme Corp. | They settled.")]
    [InlineData("The firm, Ray & Sons Ltd. It closed in May.", "The firm, Ray & Sons Ltd. | It closed in May.")]
    [InlineData("That is Martin Luther King Jr.'s speech.", "That is Martin Luther King Jr.'s speech.")]
    public void Split_UrlsEmailsAndCompanies_StayWhole(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("He said \"no.\" Then he left.", "He said \"no.\" | Then he left.")]
    [InlineData("\"Stop!\" she said.", "\"Stop!\" she said.")]
    [InlineData("\"Why now?\" asked the reporter.", "\"Why now?\" asked the reporter.")]
    [InlineData("\"Run!\" Officer Dale Ames shouted.", "\"Run!\" Officer Dale Ames shouted.")]
    [InlineData("\"Is anyone hurt?\" Nobody answered.", "\"Is anyone hurt?\" | Nobody answered.")]
    [InlineData("“We won.” The crowd cheered.", "“We won.” | The crowd cheered.")]
    [InlineData("“Is it over?” she asked. “Not yet.”", "“Is it over?” she asked. | “Not yet.”")]
    [InlineData("She wrote, 'Back soon.' and left.", "She wrote, 'Back soon.' and left.")]
    [InlineData("The mayor resigned. \"It is time,\" she said.", "The mayor resigned. | \"It is time,\" she said.")]
    public void Split_Quotations_EndOrContinueSentences(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("The vote (held in secret.) was close.", "The vote (held in secret.) was close.")]
    [InlineData("He left. (He returned later.) Then it rained.", "He left. | (He returned later.) | Then it rained.")]
    [InlineData("Prices rose (see chart). Wages did not.", "Prices rose (see chart). | Wages did not.")]
    public void Split_Parentheses_FollowTheirContents(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("I thought... I was wrong.", "I thought... | I was wrong.")]
    [InlineData("Well... maybe not.", "Well... maybe not.")]
    [InlineData("It was… odd.", "It was… odd.")]
    [InlineData("The end came.... Nobody noticed.", "The end came.... | Nobody noticed.")]
    [InlineData("He said it was . . . fine.", "He said it was . . . fine.")]
    [InlineData("“The plan [...] failed” (Ruiz 12).", "“The plan [...] failed” (Ruiz 12).")]
    public void Split_Ellipses_EndOnlyBeforeANewSentence(string text, string expected) => AssertSplit(text, expected);

    [Theory]
    [InlineData("1. Pack light 2. Leave early 3. Call home", "1. Pack light | 2. Leave early | 3. Call home")]
    [InlineData("1) Pack light. 2) Leave early.", "1) Pack light. | 2) Leave early.")]
    [InlineData("(1) Pack light (2) Leave early", "(1) Pack light | (2) Leave early")]
    [InlineData("a) red b) green c) blue", "a) red | b) green | c) blue")]
    [InlineData("• Pack light • Leave early", "• Pack light | • Leave early")]
    [InlineData("12. The final item stands alone.", "12. The final item stands alone.")]
    [InlineData("A. The first option. B. The second option.", "A. The first option. | B. The second option.")]
    [InlineData("A. Smith met B. Jones there.", "A. Smith met B. Jones there.")]
    public void Split_Lists_SplitBetweenItems(string text, string expected) => AssertSplit(text, expected);

    [Fact]
    public void Split_LineBreaks_AreHardBoundaries()
    {
        AssertSplit("Breaking News\n\nThe dam held. Crews stayed.\nUpdated at 5", "Breaking News | The dam held. | Crews stayed. | Updated at 5");
    }

    [Theory]
    [InlineData("他来了。她走了！真的吗？是的", "他来了。 | 她走了！ | 真的吗？ | 是的", "zh")]
    [InlineData("「行こう。」彼は言った。", "「行こう。」 | 彼は言った。", "ja")]
    [InlineData("वह घर गया। फिर बारिश हुई॥", "वह घर गया। | फिर बारिश हुई॥", "hi")]
    [InlineData("Նա եկավ։ Մենք գնացինք։", "Նա եկավ։ | Մենք գնացինք։", "hy")]
    [InlineData("هل أنت بخير؟ نعم.", "هل أنت بخير؟ | نعم.", "ar")]
    [InlineData("وہ آیا۔ ہم گئے۔", "وہ آیا۔ | ہم گئے۔", "ur")]
    [InlineData("Τι ώρα είναι; Είναι αργά.", "Τι ώρα είναι; | Είναι αργά.", "el")]
    public void Split_OtherScripts_UseTheirTerminals(string text, string expected, string language) => AssertSplit(text, expected, language);

    [Theory]
    // English rules would read "Fr." as the title "Father"; in German it is Friday and the sentence ends.
    [InlineData("Das Treffen ist am Fr. Dann reisen wir ab.", "Das Treffen ist am Fr. | Dann reisen wir ab.", "de")]
    [InlineData("Il a vu M. Dupont hier.", "Il a vu M. Dupont hier.", "fr")]
    [InlineData("Er kam am 3. Oktober an. Im Jahr 2019. Dann nie wieder.", "Er kam am 3. Oktober an. | Im Jahr 2019. | Dann nie wieder.", "de")]
    [InlineData("He arrived on day 3. October was cold.", "He arrived on day 3. | October was cold.", "en")]
    [InlineData("Elle est partie. Il est resté.", "Elle est partie. | Il est resté.", "fr")]
    public void Split_NonEnglish_SkipsEnglishAbbreviations(string text, string expected, string language) => AssertSplit(text, expected, language);

    [Fact]
    public void Split_EnglishSemicolon_IsNotATerminal()
    {
        AssertSplit("Prices rose; wages fell. Then what?", "Prices rose; wages fell. | Then what?");
    }

    [Fact]
    public void Split_LongSingleParagraph_IsLinearAndComplete()
    {
        var paragraph = string.Concat(Enumerable.Repeat("Mr. Lee met the U.S. envoy at 9 a.m. on Jan. 5. \"Not now,\" he said. ", 20_000));
        var spans = SentenceSplitter.Split(paragraph, "en");
        Assert.Equal(40_000, spans.Count);
    }

    [Theory]
    [InlineData(". ")]
    [InlineData("....")]
    [InlineData("U. S. ")]
    [InlineData("a.b")]
    [InlineData("1. ")]
    [InlineData("• ")]
    [InlineData("!? ")]
    [InlineData("Mr. ")]
    public void Split_PathologicalRepetition_CompletesWithValidSpans(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 200_000));
        var spans = SentenceSplitter.Split(text, "en");
        Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public void Split_Empty_ReturnsNothing()
    {
        Assert.Empty(SentenceSplitter.Split(string.Empty));
        Assert.Empty(SentenceSplitter.Split(" \n\n \t"));
    }
}

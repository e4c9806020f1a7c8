using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Testing;
using MarocAssistant.Training.LangId;
using Xunit;

namespace MarocAssistant.Language.Tests.Detection;

public sealed class OnnxLanguageDetectorTests(ShippedLangIdModel model) : IClassFixture<ShippedLangIdModel>
{
    // Floors a little under what the shipped model measured (see models/MODELS.md: train.tsv dev macro-F1 0.985,
    // ary-Arab/arb 0.979; chat.tsv dev 0.986; held-out ary-Arab/arb 0.992, and at least 0.984 over 8 training seeds),
    // so that a retrain on grown data passes while a broken model, feature change or runtime bug does not.
    private const double DevMacroF1Floor = 0.97;
    private const double DevArabicF1Floor = 0.95;
    private const double ChatDevMacroF1Floor = 0.95;
    private const double HeldOutArabicF1Floor = 0.97;
    private const double WrittenDevMacroF1Floor = 0.95;

    // heldout/realchat.tsv (2026-12-06): ary-Arab 0.971 / arb 0.969 for the shipped model (trained 2026-12-05), 0.945-0.980
    // over the training seeds and data variants tried on 2026-12-06 (models/MODELS.md).
    private const double RealChatArabicF1Floor = 0.94;

    [Fact]
    public void DetectBatch_DevSplitOfMainTrainingFile_MacroF1AboveFloor()
    {
        var detector = model.Detector;
        var dev = ShippedLangIdModel.Corpus("train.tsv").Where(e => LangIdDataset.IsDev(e.Text)).ToList();

        var metrics = Evaluate(detector, dev);

        Assert.True(metrics.MacroF1 >= DevMacroF1Floor, $"dev macro-F1 {metrics.MacroF1}");
        Assert.True(F1(metrics, LanguageLabels.DarijaArabic) >= DevArabicF1Floor, $"ary-Arab F1 {F1(metrics, LanguageLabels.DarijaArabic)}");
        Assert.True(F1(metrics, LanguageLabels.StandardArabic) >= DevArabicF1Floor, $"arb F1 {F1(metrics, LanguageLabels.StandardArabic)}");
    }

    [Fact]
    public void DetectBatch_DevSplitOfChatCorpus_MacroF1AboveFloor()
    {
        var detector = model.Detector;
        var dev = ShippedLangIdModel.Corpus("chat.tsv").Where(e => LangIdDataset.IsDev(e.Text)).ToList();

        var metrics = Evaluate(detector, dev);

        Assert.True(metrics.MacroF1 >= ChatDevMacroF1Floor, $"chat dev macro-F1 {metrics.MacroF1}");
    }

    [Theory]
    [InlineData("spanish.tsv")]
    [InlineData("tamazight.tsv")]
    [InlineData("everyday.tsv")]
    [InlineData("longform.tsv", 0.85)] // one or two words tell the pair apart; 34 dev lines
    public void DetectBatch_DevSplitOfWrittenChatFile_MacroF1AboveFloor(string file, double floor = WrittenDevMacroF1Floor)
    {
        var detector = model.Detector;
        var dev = ShippedLangIdModel.Corpus(file).Where(e => LangIdDataset.IsDev(e.Text)).ToList();

        var metrics = Evaluate(detector, dev);

        Assert.NotEmpty(dev);
        Assert.True(metrics.MacroF1 >= floor, $"{file} dev macro-F1 {metrics.MacroF1}");
    }

    [Theory]
    [InlineData("ⵜⴰⵏⵎⵎⵉⵔⵜ ⵖⴼ ⵜⵡⵓⵔⵉ ⵏⵏⴽ", 1f)] // written for this test, not in the corpus
    [InlineData("ⴰⵣⵓⵍ salu", 0.5f)]
    public void Detect_TifinaghDominant_ZghTfngByScriptWithShareAsConfidence(string text, float share)
    {
        var result = model.Detector.Detect(text);

        Assert.Equal(LanguageLabels.TamazightTifinagh, result.Label);
        Assert.Equal(share, result.Confidence, 3);
    }

    [Fact]
    public void Detect_OneTifinaghWordInFrench_FrenchWithTamazightSecondary()
    {
        var result = model.Detector.Detect("bonjour, je voudrais savoir ce que veut dire ⵜⴰⵏⵎⵎⵉⵔⵜ");

        Assert.Equal(LanguageLabels.French, result.Label);
        Assert.Equal(LanguageLabels.TamazightTifinagh, result.Secondary);
    }

    [Fact]
    public void DetectBatch_HeldOutChatSet_ArabicPairAboveFloorAndFewMixedFlags()
    {
        // corpus/langid/heldout is never trained on (the trainer reads only the top level of corpus/langid).
        var detector = model.Detector;
        var heldout = ShippedLangIdModel.Corpus(Path.Combine("heldout", "heldout.tsv"));

        var results = detector.DetectBatch(heldout.Select(e => e.Text).ToArray());
        var evaluation = new LangIdEvaluation(detector.Info.Labels);
        for (var i = 0; i < heldout.Count; i++)
        {
            evaluation.Add(heldout[i].Label, results[i].Label);
        }

        var metrics = evaluation.Metrics();
        var monolingual = heldout.Select((e, i) => (e, r: results[i])).Where(x => x.e.Secondary is null).ToList();
        var flagged = monolingual.Count(x => x.r.IsMixed);
        Assert.True(F1(metrics, LanguageLabels.DarijaArabic) >= HeldOutArabicF1Floor, $"held-out ary-Arab F1 {F1(metrics, LanguageLabels.DarijaArabic)}");
        Assert.True(F1(metrics, LanguageLabels.StandardArabic) >= HeldOutArabicF1Floor, $"held-out arb F1 {F1(metrics, LanguageLabels.StandardArabic)}");
        Assert.True(flagged <= 0.01 * monolingual.Count, $"mixed flag on {flagged}/{monolingual.Count} monolingual held-out lines");
    }

    [Fact]
    public void DetectBatch_RealChatHeldOutSet_ArabicPairAboveFloorAndMixedFlagOnUnder3PercentOfMonolingualLines()
    {
        // Social-media style lines (comments, WhatsApp, headlines, religious formulae), never trained on.
        var detector = model.Detector;
        var heldout = ShippedLangIdModel.Corpus(Path.Combine("heldout", "realchat.tsv"));

        var results = detector.DetectBatch(heldout.Select(e => e.Text).ToArray());
        var evaluation = new LangIdEvaluation(detector.Info.Labels);
        for (var i = 0; i < heldout.Count; i++)
        {
            evaluation.Add(heldout[i].Label, results[i].Label);
        }

        var metrics = evaluation.Metrics();
        var monolingual = heldout.Select((e, i) => (e, r: results[i])).Where(x => x.e.Secondary is null).ToList();
        var flagged = monolingual.Count(x => x.r.IsMixed);
        Assert.True(heldout.Count >= 600, $"{heldout.Count} lines");
        Assert.True(F1(metrics, LanguageLabels.DarijaArabic) >= RealChatArabicF1Floor, $"real-chat ary-Arab F1 {F1(metrics, LanguageLabels.DarijaArabic)}");
        Assert.True(F1(metrics, LanguageLabels.StandardArabic) >= RealChatArabicF1Floor, $"real-chat arb F1 {F1(metrics, LanguageLabels.StandardArabic)}");
        Assert.True(flagged <= 0.03 * monolingual.Count, $"mixed flag on {flagged}/{monolingual.Count} monolingual real-chat lines");
    }

    [Fact]
    public void Detect_AdministrativePhraseAlone_NotConfidentlyEitherArabic()
    {
        // A bare topic says nothing about Darija vs Standard Arabic; the shipped model before topic debiasing gave
        // these 0.83 on average, which is how its errors on real chat came out confident.
        var detector = model.Detector;
        string[] phrases = ["البطاقة الوطنية", "جواز السفر", "عقد الازدياد", "السجل العدلي", "شهادة السكنى", "رخصة السياقة", "الحالة المدنية", "الدفتر العائلي"];

        var confidence = phrases.Select(p => detector.Detect(p)).Average(r => r.Confidence);

        Assert.True(confidence <= 0.7, $"mean confidence {confidence}");
    }

    // Written for this test, not taken from the corpus.
    [Theory]
    [InlineData("ary-Latn", "salam 3likom, bghit n3ref ch7al khass dyal lwra9 l lpasspor")]
    [InlineData("ary-Latn", "wach lmo9ata3a kat7ell nhar ssebt?")]
    [InlineData("ary-Latn", "khoya 3afak fin ndfa3 talab dyal chahadat sokna")]
    [InlineData("ary-Arab", "السلام عليكم، بغيت نعرف فين نمشي باش نجدد البطاقة")]
    [InlineData("ary-Arab", "واش ضروري نجيب شهادة السكنى معايا؟")]
    [InlineData("ary-Arab", "خويا راه تلفات ليا لاكارط ديالي، شنو ندير دابا؟")]
    [InlineData("arb", "السلام عليكم، أريد أن أعرف كيف أجدد بطاقة التعريف الوطنية")]
    [InlineData("arb", "ما هي الوثائق المطلوبة للحصول على جواز السفر؟")]
    [InlineData("arb", "هل يمكنني تقديم الطلب عبر الإنترنت؟")]
    [InlineData("fr", "Bonjour, je voudrais savoir quels documents il faut pour le passeport")]
    [InlineData("fr", "est-ce que je peux prendre rendez-vous en ligne ?")]
    [InlineData("en", "Hello, how can I renew my national ID card?")]
    [InlineData("en", "what documents do I need for a birth certificate")]
    [InlineData("es", "Hola, ¿cómo puedo renovar mi pasaporte marroquí?")]
    [InlineData("es", "oye, sabes si el consulado de tarragona abre por la tarde?")]
    [InlineData("es", "mi hermana vive en nador y necesita el certificado de residencia")]
    [InlineData("fr", "je pense que le bureau est fermé en ce moment")]
    [InlineData("zgh-Tfng", "ⴰⵣⵓⵍ, ⵔⵉⵖ ⴰⴷ ⵙⵙⵏⵖ ⵎⴰⵏⵉ ⵙ ⴰⴷ ⴷⴷⵓⵖ")]
    [InlineData("ber-Latn", "azul, bɣiɣ ad issineɣ amek ara d-awiɣ takarḍa")]
    [InlineData("ber-Latn", "azul a gma, tanemmirt ɣef tallelt-ik")]
    [InlineData("ber-Latn", "manik antgit a ultma, is ttinit labas?")]
    public void Detect_HandWrittenChatLine_ExpectedLabel(string expected, string text)
    {
        var result = model.Detector.Detect(text);

        Assert.Equal(expected, result.Label);
        Assert.InRange(result.Confidence, 0.5f, 1f);
    }

    [Theory]
    [InlineData("bonjour je veux renouveler لاكارط ديالي", "ary-Arab")]
    [InlineData("بغيت نجدد la carte nationale ديالي", "fr")]
    public void Detect_OtherScriptInside_SecondaryIsThatLanguage(string text, string secondary)
    {
        Assert.Equal(secondary, model.Detector.Detect(text).Secondary);
    }

    [Fact]
    public void DetectBatch_MixedCorpus_FlagsMostCodeSwitchingWithFewFalseAlarms()
    {
        var detector = model.Detector;
        var mixed = ShippedLangIdModel.Corpus("mixed.tsv").Where(e => e.Secondary is not null).ToList();
        var chat = ShippedLangIdModel.Corpus("chat.tsv");

        var mixedResults = detector.DetectBatch(mixed.Select(e => e.Text).ToArray());
        var chatResults = detector.DetectBatch(chat.Select(e => e.Text).ToArray());

        var exact = mixed.Where((e, i) => mixedResults[i].Secondary == e.Secondary).Count();
        var falseAlarms = chatResults.Count(r => r.IsMixed);
        Assert.True(exact >= 0.6 * mixed.Count, $"secondary right on {exact}/{mixed.Count} code-switched lines");
        Assert.True(falseAlarms <= 0.02 * chat.Count, $"mixed flag on {falseAlarms}/{chat.Count} monolingual lines");
    }

    [Fact]
    public void Detect_MixedTurnedOff_NeverSetsSecondary()
    {
        _ = model.Detector;
        using var detector = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = ShippedLangIdModel.ModelPath, DetectMixed = false });
        Assert.Null(detector.Detect("bonjour je veux renouveler لاكارط ديالي").Secondary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("👍👍")]
    [InlineData("0612345678")]
    public void Detect_NoLetters_ConfidenceZero(string text)
    {
        var result = model.Detector.Detect(text);
        Assert.Equal(0f, result.Confidence);
        Assert.Null(result.Secondary);
    }

    [Fact]
    public void DetectBatch_ManyMessages_SameAsOneByOne()
    {
        var detector = model.Detector;
        var texts = ShippedLangIdModel.Corpus("mixed.tsv").Select(e => e.Text).Take(150).ToArray();

        var batch = detector.DetectBatch(texts);

        Assert.Equal(texts.Select(detector.Detect), batch);
    }

    [Fact]
    public async Task Detect_ConcurrentThreads_SameAsSequential()
    {
        var detector = model.Detector;
        var texts = ShippedLangIdModel.Corpus("chat.tsv").Select(e => e.Text).Take(200).ToArray();
        var expected = texts.Select(detector.Detect).ToArray();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => texts.Select(detector.Detect).ToArray(), TestContext.Current.CancellationToken)));

        Assert.All(runs, run => Assert.Equal(expected, run));
    }

    [Fact]
    public void Constructor_MetadataOfAnotherModel_Throws()
    {
        var info = model.Detector.Info;
        var json = Path.Combine(Path.GetTempPath(), $"langid-{Guid.NewGuid():N}.json");
        File.WriteAllText(json, (info with { Features = info.Features with { BucketBits = info.Features.BucketBits - 1 } }).ToJson());
        try
        {
            Assert.Throws<InvalidDataException>(() => new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = ShippedLangIdModel.ModelPath, MetadataPath = json }));
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void ShippedModel_File_AtMostFiveMegabytes()
    {
        _ = model.Detector;
        Assert.InRange(new FileInfo(ShippedLangIdModel.ModelPath).Length, 1, 5 * 1024 * 1024);
    }

    private static LangIdMetrics Evaluate(OnnxLanguageDetector detector, List<LangIdExample> examples)
    {
        var evaluation = new LangIdEvaluation(detector.Info.Labels);
        var results = detector.DetectBatch(examples.Select(e => e.Text).ToArray());
        for (var i = 0; i < examples.Count; i++)
        {
            evaluation.Add(examples[i].Label, results[i].Label);
        }

        return evaluation.Metrics();
    }

    private static double F1(LangIdMetrics metrics, string label) => metrics.PerLabel.Single(l => l.Label == label).F1;
}

using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Training.CorpusCheck;
using MarocAssistant.Testing;

namespace MarocAssistant.Training.Tests.CorpusCheck;

public sealed class TextChecksTests
{
    private static readonly LatinText Latin = LatinText.Load(RepoPaths.Corpus);

    [Theory]
    [InlineData("75 DH, ou 50 DH avant 12 ans", RecordLanguage.Fr, "12,50,75")]
    [InlineData("٧٥ درهما، أو ٥٠ درهما قبل ١٢ سنة", RecordLanguage.Ar, "12,50,75")]
    [InlineData("ne dépassera pas 500 000 DH", RecordLanguage.Fr, "500000")]
    [InlineData("لن يتجاوز 500.000 درهم", RecordLanguage.Ar, "500000")]
    [InlineData("will not exceed 500,000 DH", RecordLanguage.En, "500000")]
    [InlineData("منذ فاتح يناير 2018", RecordLanguage.Ar, "1,2018")]
    [InlineData("depuis le 1er janvier 2018", RecordLanguage.Fr, "1,2018")]
    [InlineData("bla rendez-vous, 3ndek 18 3am, l9iyada f 2026", RecordLanguage.AryLatn, "18,2026")]
    [InlineData("مقابل درهمين", RecordLanguage.Ar, "2")]
    [InlineData("b jouj dh", RecordLanguage.AryLatn, "2")]
    [InlineData("من سنة واحدة إلى 10 سنوات", RecordLanguage.Ar, "1,10")]
    [InlineData("from 9:00 to 20:00", RecordLanguage.En, "9,20")]
    [InlineData("photo 35x45 mm sur www.passeport.ma/2024", RecordLanguage.Fr, "35,45")]
    [InlineData("خلفية فاتحة", RecordLanguage.Ary, "")]
    public void Extract_NumbersWrittenDifferently_ReadsTheSameNumbers(string text, RecordLanguage language, string expected)
    {
        Assert.Equal(expected, string.Join(',', TextNumbers.Extract(text, language)));
    }

    [Theory]
    [InlineData("وثيقة (commande en ligne, envoi par courrier recommandé)", RecordLanguage.Ary, "commande")]
    [InlineData("وراقي (certificat de résidence en ligne)", RecordLanguage.Ar, "certificat")]
    [InlineData("أونلاين ف www.listeselectorales.ma ولا ب SMS ل 2727", RecordLanguage.Ary, null)]
    [InlineData("كتطلب أونلاين فـ وثيقة (Watiqa) ولا ف DirectEntreprise", RecordLanguage.Ary, null)]
    [InlineData("Chouf 7tta les offres dyal lkhedma", RecordLanguage.AryLatn, "les")]
    [InlineData("tasjil f registre de commerce w la carte de séjour", RecordLanguage.AryLatn, null)]
    [InlineData("Khod rendez-vous w 3ammer talab f www.cnie.ma", RecordLanguage.AryLatn, null)]
    [InlineData("Les documents de la demande", RecordLanguage.Fr, null)]
    public void FrenchWords_Text_FindsFrenchLeftInArabicOrDarija(string text, RecordLanguage language, string? expected)
    {
        var found = Latin.FrenchWords(text, language);

        if (expected is null)
        {
            Assert.Empty(found);
        }
        else
        {
            Assert.Contains(expected, found);
        }
    }

    [Theory]
    [InlineData("droits de mutation (source secondaire ; la page NARSA est coupée après « 50 dirhams »)", true)]
    [InlineData("droits de timbre (montant cité par la presse vers 2020)", true)]
    [InlineData("واجبات التنبر (مبلغ أوردته الصحافة حوالي سنة 2020)", true)]
    [InlineData("Démarches Utiles (achma-learning/useful-stuffs, page GitHub sans licence)", true)]
    [InlineData("Frais : 75 DH (d'après la presse, 2020)", false)]
    [InlineData("timbre du passeport biométrique (e-timbre), depuis le 1er janvier 2018", false)]
    public void Find_EditorialRemarks_FindsThemAndNotTheRepliesOwnMarks(string text, bool expected)
    {
        Assert.Equal(expected, EditorialNotes.Find(text).Count > 0);
    }
}

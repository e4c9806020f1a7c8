using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Retrieval.Tests;

/// <summary>A small corpus written in the test, so that tests do not depend on the corpus files being complete.</summary>
internal static class TestCorpus
{
    public static IReadOnlyList<ProcedureRecord> Records { get; } =
    [
        Record("cnie-first", "identity", "Carte nationale d'identité électronique : première demande", ["carte nationale", "CIN", "CNIE"], "البطاقة الوطنية للتعريف الإلكترونية", ["البطاقة الوطنية"], "لاكارط ناسيونال: أول مرة", ["لاكارط"], "Lakart nasyonal: awel mra", ["lakart", "lbita9a"], "National ID card: first application", ["national ID card", "identity card"]),
        Record("passport-first", "travel", "Passeport biométrique : première demande", ["passeport"], "جواز السفر البيومتري: الطلب الأول", ["جواز السفر"], "الباسبور: أول مرة", ["الباسبور"], "Lbasbor: awel mra", ["lbasbor", "paspor"], "Biometric passport: first application", ["passport"]),
        Record("driving-licence-first", "driving", "Permis de conduire : première obtention", ["permis de conduire", "permis"], "رخصة السياقة: الحصول لأول مرة", ["رخصة السياقة"], "البيرمي: أول مرة", ["البيرمي"], "Lpermis: awel mra", ["lpermis", "pirmi"], "Driving licence: first licence", ["driving licence"]),
        Record("birth-certificate", "civil-status", "Extrait d'acte de naissance", ["acte de naissance", "extrait de naissance"], "نسخة من رسم الولادة", ["رسم الولادة"], "عقد الازدياد", ["عقد الازدياد"], "3a9d lazdiyad", ["3a9d lazdiyad", "l'extrait"], "Birth certificate", ["birth certificate"]),
        Record("criminal-record", "justice", "Extrait du casier judiciaire", ["casier judiciaire"], "السجل العدلي", ["السجل العدلي"], "السوابق العدلية", ["السوابق"], "Sijil l3adli", ["sijil adli", "casier"], "Criminal record extract", ["criminal record"]),
    ];

    public static SparseEncoder Encoder(params (string Name, List<string> Variants)[] lexicon)
    {
        var extractor = new TermExtractor(ArabiziTransliterator.Default);
        return new SparseEncoder(extractor, Lexicon.Build(lexicon, extractor), new SparseSettings());
    }

    public static ProcedureRecord Record(
        string id, string category, string frTitle, List<string> frAliases, string arTitle, List<string> arAliases,
        string aryTitle, List<string> aryAliases, string latnTitle, List<string> latnAliases, string enTitle, List<string> enAliases) => new()
        {
            Id = id,
            Category = category,
            Fr = new LanguageBlock { Title = frTitle, Aliases = frAliases, Summary = frTitle },
            Ar = new LanguageBlock { Title = arTitle, Aliases = arAliases },
            Ary = new LanguageBlock { Title = aryTitle, Aliases = aryAliases },
            AryLatn = new LanguageBlock { Title = latnTitle, Aliases = latnAliases },
            En = new LanguageBlock { Title = enTitle, Aliases = enAliases },
        };
}

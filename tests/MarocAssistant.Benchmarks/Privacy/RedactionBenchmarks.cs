using BenchmarkDotNet.Attributes;
using MarocAssistant.Conversation.Privacy;

namespace MarocAssistant.Benchmarks.Privacy;

/// <summary>
/// Personal-data redaction, run on every message and reply before a transcript or a log line is written: a message
/// with nothing to redact (the common case: no digit, no '@', no cue), a question with fees and a date (digits, nothing
/// personal), a message with a CIN, a phone and an e-mail, a self-introduction with a name, an address and a date of
/// birth, and a 2,000-character answer (the longest message).
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private static readonly string LongAnswer = string.Concat(Enumerable.Repeat(
        "Étapes : 1. Prendre rendez-vous sur www.cnie.ma. 2. Payer le timbre de 75 DH. Décret n° 2-08-310, le 12/05/2024 à 08:30. ", 17))[..2000];

    [Params("plain", "fees", "personal", "introduction", "answer-2000")]
    public string Case { get; set; } = "";

    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Case switch
    {
        "plain" => "bghit njedded lbasbor dyali, chno khassni?",
        "fees" => "le timbre coûte 75 DH ou 500 dh ? rendez-vous le 12/05/2024 à 08:30",
        "personal" => "cin dyali AB123456, nmra 06 12 34 56 78, mail ahmed.b@gmail.com",
        "introduction" => "je m'appelle Karim Bennani, j'habite 12 rue Ibn Sina, né le 12/03/1985, bghit njedded lbasbor",
        _ => LongAnswer,
    };

    [Benchmark]
    public string Redact() => PersonalDataRedactor.Redact(_text);
}

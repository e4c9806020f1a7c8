using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Conversation.Dialog;

/// <summary>
/// The consular variants of documents, for Moroccans living abroad: a record whose variant kind is <c>abroad</c> or ends
/// in <c>-abroad</c> (passport renewal at a consulate, CNIE abroad, civil-status copies from abroad). Its in-Morocco
/// twins are the leading entries of its <c>related</c> list that belong to the same document group
/// (<c>passport-renewal-abroad</c> → <c>passport-renewal</c>; <c>cnie-abroad</c> → <c>cnie-first</c>, <c>cnie-renewal</c>).
/// A citizen who said they live abroad gets the consular variant; one who did not is not offered it among choices.
/// </summary>
public sealed class AbroadVariants
{
    private readonly Dictionary<string, ProcedureRecord> _abroadByHome = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Kind), ProcedureRecord> _byVariant = [];

    public AbroadVariants(ProcedureCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        foreach (var record in corpus.Records.Where(r => !string.IsNullOrEmpty(r.Variant.Group)))
        {
            _byVariant.TryAdd((record.Variant.Group, record.Variant.Kind), record);
        }

        foreach (var abroad in corpus.Records.Where(IsAbroad))
        {
            foreach (var home in abroad.Related.Select(corpus.Find).TakeWhile(r => r is not null && r.Variant.Group == abroad.Variant.Group && !IsAbroad(r)))
            {
                _abroadByHome.TryAdd(home!.Id, abroad);
            }
        }
    }

    /// <summary>Whether the record is the variant of a document for citizens living abroad.</summary>
    public static bool IsAbroad(ProcedureRecord? record) =>
        record is not null && !string.IsNullOrEmpty(record.Variant.Group)
        && (record.Variant.Kind == "abroad" || record.Variant.Kind.EndsWith("-abroad", StringComparison.Ordinal));

    /// <summary>The consular variant of an in-Morocco record, or the record itself when it has none.</summary>
    public ProcedureRecord ForAbroad(ProcedureRecord record) => _abroadByHome.TryGetValue(record.Id, out var abroad) ? abroad : record;

    /// <summary>
    /// Fits a decision to the citizen's situation. A consular variant answered while a life-cycle kind is named
    /// ("renew it at the consulate") becomes that kind's consular variant. Choices: for a citizen abroad each in-Morocco
    /// variant becomes its consular twin; for anyone else the variants of one document keep their consular versions (a
    /// citizen who did not say where they live may live abroad), while among different documents the consular variants
    /// are dropped when another choice remains (a choice nobody asked for is noise), and a single remaining choice is
    /// answered.
    /// </summary>
    public Decision Fit(Decision decision, bool livesAbroad, string? namedKind)
    {
        ArgumentNullException.ThrowIfNull(decision);
        switch (decision.Kind)
        {
            case DecisionKind.Answer when namedKind is not null && IsAbroad(decision.Records[0]):
                return _byVariant.TryGetValue((decision.Records[0].Variant.Group, namedKind), out var home) && ForAbroad(home) is var abroad && IsAbroad(abroad)
                    ? new Decision(DecisionKind.Answer, [abroad])
                    : decision;
            case DecisionKind.Clarify:
                var choices = livesAbroad
                    ? decision.Records.Select(ForAbroad).DistinctBy(r => r.Id).ToList()
                    : decision.OfOneGroup ? decision.Records.ToList()
                    : decision.Records.Where(r => !IsAbroad(r)).ToList() is { Count: > 0 } inMorocco ? inMorocco : decision.Records.ToList();
                // "ana f canada w lcarte nationale tsalat": living abroad, with no loss or child said, the one consular
                // version among the choices is the answer; the home-only variants left beside it are not for this citizen.
                if (livesAbroad && namedKind is null && choices.Count(IsAbroad) == 1)
                {
                    return new Decision(DecisionKind.Answer, [choices.First(IsAbroad)]);
                }

                return choices.SequenceEqual(decision.Records)
                    ? decision
                    : new Decision(choices.Count == 1 ? DecisionKind.Answer : DecisionKind.Clarify, choices);
            default:
                return decision;
        }
    }
}

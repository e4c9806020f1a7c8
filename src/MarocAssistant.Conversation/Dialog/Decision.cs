using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;

namespace MarocAssistant.Conversation.Dialog;

/// <summary>What to do with a search result.</summary>
public enum DecisionKind
{
    Answer,
    Clarify,
    OutOfScope,
}

/// <summary>The decision and the records it concerns (one to answer, several to choose from).</summary>
public sealed record Decision(DecisionKind Kind, IReadOnlyList<ProcedureRecord> Records)
{
    /// <summary>
    /// Confident → answer; several close candidates the calibrated search is sure about as a set → ask which one;
    /// nothing relevant → out of scope (thresholds in <see cref="RetrievalOptions"/>).
    /// </summary>
    public static Decision From(SearchResult result, ProcedureCorpus corpus, RetrievalOptions options)
    {
        var records = result.Candidates.Select(c => corpus.Find(c.ProcedureId)).OfType<ProcedureRecord>().ToList();
        return result.Decide(options) switch
        {
            RetrievalDecision.Answer when records.Count > 0 => new Decision(DecisionKind.Answer, [records[0]]),
            RetrievalDecision.AskWhichOne when records.Count > 1 => Close(result, corpus, options),
            _ => new Decision(DecisionKind.OutOfScope, []),
        };
    }

    /// <summary>
    /// Whether the search put a variant of the same document level with its first candidate: "عندي سؤال على البيرمي"
    /// comes as close to the first licence as to adding a category.
    /// </summary>
    private static bool TiedWithSibling(SearchResult? found, string group, ProcedureCorpus corpus) =>
        found is { Candidates.Count: > 1 } && found.Candidates[1].Score >= found.Candidates[0].Score
        && corpus.Find(found.Candidates[1].ProcedureId)?.Variant.Group == group;

    /// <summary>
    /// A candidate offered in a "which one?" scores at least this share of the first one's score: "ghadi nzwj, bghit
    /// n3rf lmalaf dyal zwaj" comes close to the marriage file and the marriage abroad, not to the naturalisation the
    /// search lists third. Tuned on the dev conversations (0.3 / 0.5 / 0.6 / 0.8: 0.8934 / 0.8934 / 0.8944 / 0.8966
    /// against 0.8916 without, but 5 hijacks instead of 4 from 0.6 on, and 8 instead of 6 on test).
    /// </summary>
    private const double ChoiceShareOfTop = 0.5;

    /// <summary>The candidates close enough to the first to be offered; one alone is the answer.</summary>
    private static Decision Close(SearchResult result, ProcedureCorpus corpus, RetrievalOptions options)
    {
        var top = result.Candidates[0].Score;
        var records = result.Candidates.Take(options.MaxChoices).Where(c => c.Score >= ChoiceShareOfTop * top)
            .Select(c => corpus.Find(c.ProcedureId)).OfType<ProcedureRecord>().ToList();
        return new Decision(records.Count == 1 ? DecisionKind.Answer : DecisionKind.Clarify, records);
    }

    /// <summary>
    /// Weighs what the message names against the search: when it names procedures (<see cref="Understanding.ProcedureMentions"/>)
    /// and the search's pick is not one of them, the named ones win — one document group answers (its variants are
    /// asked next), several named procedures are offered as choices.
    /// </summary>
    public Decision Named(IReadOnlySet<string> named, ProcedureCorpus corpus)
    {
        if (named.Count == 0 || Kind == DecisionKind.Answer && named.Contains(Records[0].Id))
        {
            return this;
        }

        // A confident search is only overruled by the name of a document that comes in variants (passport, card,
        // licence): "combien coûte le passeport ?" is about the passport even if the fee words point elsewhere.
        if (Kind == DecisionKind.Answer && !corpus.Records.Where(r => named.Contains(r.Id)).All(r => IsLifeCycleVariant(r, corpus)))
        {
            return this;
        }

        if (Kind == DecisionKind.Clarify && Records.Where(r => named.Contains(r.Id)).ToList() is { Count: > 0 } kept)
        {
            return kept.Count == 1 ? new Decision(DecisionKind.Answer, kept) : new Decision(DecisionKind.Clarify, kept);
        }

        var records = corpus.Records.Where(r => named.Contains(r.Id)).ToList();
        var groups = records.Select(r => string.IsNullOrEmpty(r.Variant.Group) ? r.Id : r.Variant.Group).Distinct().Count();
        return groups == 1 || records.Count == 1
            ? new Decision(DecisionKind.Answer, [records[0]])
            : records.Count <= 4 ? new Decision(DecisionKind.Clarify, records) : this;
    }

    /// <summary>Whether every record is of one variant group: the variants of one document, or one record.</summary>
    public bool OfOneGroup => Records.Select(r => r.Variant.Group).Distinct().Count() == 1;

    /// <summary>Whether the record's variant is of that kind or a named form of it ("lost" is also "lost-registration").</summary>
    internal static bool IsOfKind(ProcedureRecord record, string kind) =>
        record.Variant.Kind == kind || record.Variant.Kind.StartsWith(kind + "-", StringComparison.Ordinal);

    /// <summary>The record of that document group with that variant kind, if any ("lost" of the driving licences).</summary>
    internal static ProcedureRecord? VariantOf(string group, string kind, ProcedureCorpus corpus) =>
        string.IsNullOrEmpty(group) ? null : corpus.Records.FirstOrDefault(r => r.Variant.Group == group && r.Variant.Kind == kind);

    /// <summary>Whether the record is a variant of a document with a life cycle (first, renewal, lost...).</summary>
    public static bool IsLifeCycleVariant(ProcedureRecord record, ProcedureCorpus corpus) =>
        !string.IsNullOrEmpty(record.Variant.Group)
        && corpus.Records.Any(r => r.Variant.Group == record.Variant.Group && r.Variant.Kind == "first");

    /// <summary>The variant kinds of a document's life cycle: a named one is answered; adding a category is not one of them.</summary>
    private static readonly string[] KindOrder = ["first", "renewal", "lost", "minor", "international"];

    /// <summary>
    /// The variants a "which one?" offers, in this order: the life cycle, adding a category, exchanging a foreign document,
    /// then the consular versions for citizens abroad (fresh writers offer them with the others: dev 0.8905 -> 0.8937).
    /// </summary>
    private static readonly string[] ChoiceOrder = ["first", "renewal", "lost", "minor", "category", "exchange", "international", "first-abroad", "renewal-abroad", "abroad"];

    /// <summary>
    /// For documents that come in variants (first card, renewal, lost, for a child): the variant the citizen named,
    /// or, when they named none, the question "which one?" with every variant as a choice.
    /// </summary>
    public Decision ForVariant(string? namedKind, ProcedureCorpus corpus, SearchResult? found = null)
    {
        // Choices that are all variants of one document ("passport, first time or first time abroad?") are the
        // document: its variants are asked for, or the one the citizen named is answered.
        var oneDocument = Kind == DecisionKind.Clarify && OfOneGroup && IsLifeCycleVariant(Records[0], corpus);

        // "I lost my driving licence": among close documents offered, the one variant of the kind the citizen named
        // ("lost" is also the vehicle group's "lost-registration").
        if (Kind == DecisionKind.Clarify && !oneDocument && namedKind is not null
            && Records.Where(r => IsOfKind(r, namedKind)).ToList() is [var ofKind])
        {
            return new Decision(DecisionKind.Answer, [ofKind]);
        }

        // "أضعت رخصة السياقة": the search offers the first licence, its renewal and a foreign licence's exchange, not the
        // lost one; the one document with a life cycle among them has a variant of the kind named.
        if (Kind == DecisionKind.Clarify && !oneDocument && namedKind is not null
            && Records.Where(r => IsLifeCycleVariant(r, corpus)).Select(r => r.Variant.Group).Distinct()
                .Select(g => VariantOf(g, namedKind, corpus)).OfType<ProcedureRecord>().ToList() is [var sibling])
        {
            return new Decision(DecisionKind.Answer, [sibling]);
        }

        if (Kind != DecisionKind.Answer && !oneDocument)
        {
            return this;
        }

        var group = Records[0].Variant.Group;
        if (Kind == DecisionKind.Answer && (AbroadVariants.IsAbroad(Records[0]) || (Array.IndexOf(KindOrder, Records[0].Variant.Kind) < 0 && !TiedWithSibling(found, group, corpus))))
        {
            // A consular variant is not split into the in-Morocco variants (AbroadVariants.Fit picks among its kind), nor
            // is a variant outside the life cycle: "3ndi permis B, bghit nzid C" is adding a category, not a new licence.
            return this;
        }

        var siblings = corpus.Records
            .Where(r => r.Variant.Group == group && Array.IndexOf(KindOrder, r.Variant.Kind) >= 0)
            .OrderBy(r => Array.IndexOf(KindOrder, r.Variant.Kind))
            .ToList();

        // Only document life-cycle groups (those with a "first" variant) are split this way.
        if (siblings.Count < 2 || siblings.All(r => r.Variant.Kind != "first"))
        {
            return this;
        }

        // "Which one?" offers every variant a citizen at home may mean, adding a category too ("salam chno khass f
        // lpermis?"): dev 0.9148 -> 0.9163 (the first four of the life cycle only before); the consular ones are offered to
        // a citizen abroad (AbroadVariants).
        if (namedKind is null)
        {
            // A foreign document's exchange, related to one of the variants, is one more way to the document ("which
            // licence?" offers exchanging a foreign licence too): dev 0.9049 -> 0.9061.
            return new Decision(DecisionKind.Clarify, corpus.Records
                .Where(r => (r.Variant.Group == group || (r.Variant.Kind == "exchange" && r.Related.Any(id => siblings.Exists(s => s.Id == id))))
                    && Array.IndexOf(ChoiceOrder, r.Variant.Kind) >= 0)
                .OrderBy(r => Array.IndexOf(ChoiceOrder, r.Variant.Kind))
                .ToList());
        }

        var named = siblings.Find(r => r.Variant.Kind == namedKind);
        return named is null ? this : new Decision(DecisionKind.Answer, [named]);
    }
}

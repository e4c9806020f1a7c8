namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// What a citizen says of their own case, read from their words: it selects a variant (first card, renewal, lost,
/// for a child...) and changes the answer (abroad → the consulate). Later turns add to it; a newer fact wins.
/// </summary>
public sealed record Situation
{
    public static Situation None { get; } = new();

    /// <summary>The variant kind the words point to (<c>first</c>, <c>renewal</c>, <c>lost</c>, <c>minor</c>, <c>international</c>...), matching record <c>variant.kind</c>.</summary>
    public string? VariantKind { get; init; }

    /// <summary>An age the citizen gave (theirs or a child's).</summary>
    public int? Age { get; init; }

    /// <summary>The citizen lives abroad (a country or "abroad" was named).</summary>
    public bool Abroad { get; init; }

    /// <summary>The citizen is going abroad (a trip, a job, studies), not living there: this message only.</summary>
    public bool GoesAbroad { get; init; }

    /// <summary>Vehicle fuel: <c>petrol</c> or <c>diesel</c>.</summary>
    public string? Fuel { get; init; }

    /// <summary>Vehicle fiscal power in horsepower (CV).</summary>
    public int? FiscalPower { get; init; }

    /// <summary>The variant kind this situation implies: a named kind, else an age under 18 means a minor.</summary>
    public string? ImpliedKind => VariantKind ?? (Age is < 18 ? "minor" : null);

    /// <summary>This situation with the facts of a newer message laid over it.</summary>
    public Situation With(Situation newer) => new()
    {
        VariantKind = newer.VariantKind ?? VariantKind,
        Age = newer.Age ?? Age,
        Abroad = newer.Abroad || Abroad,
        Fuel = newer.Fuel ?? Fuel,
        FiscalPower = newer.FiscalPower ?? FiscalPower,
    };
}

namespace MarocAssistant.Language.LangId;

/// <summary>How text becomes hashed features. Stored in the model metadata: a model only works with its own settings.</summary>
public sealed record LangIdFeatureSettings
{
    /// <summary>Feature ids are hashed into 2^BucketBits rows of the embedding table.</summary>
    public int BucketBits { get; init; } = 16;

    public int MinN { get; init; } = 1;

    public int MaxN { get; init; } = 4;

    /// <summary>Normalised characters kept per message; identification needs no more, and it bounds the work.</summary>
    public int MaxChars { get; init; } = 256;

    /// <summary>A short name for the hashing and normalisation rules, bumped whenever they change.</summary>
    public string Scheme { get; init; } = LangIdFeatureExtractor.SchemeName;

    public int Buckets => 1 << BucketBits;
}

namespace MarocAssistant.Retrieval.Sparse;

/// <summary>The ways a word is turned into terms; each has its own weight and its own term space.</summary>
public enum TermView : byte
{
    /// <summary>The normalised word.</summary>
    Word,

    /// <summary>The consonant skeleton, through Arabizi transliteration for Latin words.</summary>
    Skeleton,

    /// <summary>Character n-grams of the normalised word, for spelling drift.</summary>
    Gram,

    /// <summary>Character n-grams of the skeleton, for drift across scripts.</summary>
    SkeletonGram,
}

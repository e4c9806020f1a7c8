namespace MarocAssistant.Language.Normalization;

/// <summary>The script of a normalised token.</summary>
public enum TokenScript : byte
{
    /// <summary>Latin letters, possibly with Arabizi digits (<c>3afak</c>, <c>l7ala</c>).</summary>
    Latin,

    /// <summary>Arabic letters, orthography normalised.</summary>
    Arabic,

    /// <summary>Digits only.</summary>
    Number,
}

/// <summary>One normalised word.</summary>
/// <param name="Text">Latin folded to lower case without accents, or Arabic normalised; digits ASCII.</param>
/// <param name="Script">Which script the word is in.</param>
/// <param name="HasDigits">True for a Latin word that carries digits, the mark of Arabizi.</param>
public readonly record struct TextToken(string Text, TokenScript Script, bool HasDigits);

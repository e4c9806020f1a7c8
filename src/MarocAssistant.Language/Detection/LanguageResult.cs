namespace MarocAssistant.Language.Detection;

/// <summary>What language a message is written in.</summary>
/// <param name="Label">One of <see cref="LanguageLabels"/>.</param>
/// <param name="Confidence">The model's probability for <paramref name="Label"/>, 0 to 1.</param>
/// <param name="Secondary">When the message code-switches, the other language; otherwise null.</param>
public sealed record LanguageResult(string Label, float Confidence, string? Secondary = null)
{
    public bool IsMixed => Secondary is not null;
}

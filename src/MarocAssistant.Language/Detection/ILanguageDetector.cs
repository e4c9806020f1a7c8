namespace MarocAssistant.Language.Detection;

/// <summary>Identifies the language and script of one message. Implementations are thread-safe.</summary>
public interface ILanguageDetector
{
    LanguageResult Detect(string text);
}

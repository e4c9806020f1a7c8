using MarocAssistant.Language.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Language.Detection;

/// <summary>Picks the language detector for the host: the ONNX model when it can run, else the script rules.</summary>
public static class LanguageDetectors
{
    /// <summary>
    /// <see cref="OnnxLanguageDetector"/> when ONNX Runtime loads and the model and its metadata are readable;
    /// otherwise <see cref="ScriptLanguageDetector"/>, with <paramref name="fallbackReason"/> saying why (for the log).
    /// </summary>
    public static ILanguageDetector Create(OnnxLanguageDetectorOptions options, out string? fallbackReason)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OrtRuntime.TryLoad(out var error))
        {
            fallbackReason = "ONNX Runtime unavailable: " + error;
            return new ScriptLanguageDetector();
        }

        if (!File.Exists(options.ModelPath))
        {
            fallbackReason = "language model not found: " + Path.GetFullPath(options.ModelPath);
            return new ScriptLanguageDetector();
        }

        try
        {
            fallbackReason = null;
            return new OnnxLanguageDetector(options);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or InvalidDataException or IOException or System.Text.Json.JsonException or NotSupportedException)
        {
            fallbackReason = $"language model unusable ({ex.GetType().Name}): {ex.Message}";
            return new ScriptLanguageDetector();
        }
    }
}

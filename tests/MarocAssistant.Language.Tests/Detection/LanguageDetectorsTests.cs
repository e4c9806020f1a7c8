using MarocAssistant.Language.Detection;
using Xunit;

namespace MarocAssistant.Language.Tests.Detection;

public sealed class LanguageDetectorsTests(ShippedLangIdModel model) : IClassFixture<ShippedLangIdModel>
{
    [Fact]
    public void Create_ShippedModel_OnnxDetector()
    {
        _ = model.Detector; // skips when the runtime or the model is missing
        var detector = LanguageDetectors.Create(new OnnxLanguageDetectorOptions { ModelPath = ShippedLangIdModel.ModelPath }, out var reason);
        try
        {
            Assert.IsType<OnnxLanguageDetector>(detector);
            Assert.Null(reason);
        }
        finally
        {
            (detector as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void Create_MissingModel_FallsBackToScriptRulesWithReason()
    {
        var detector = LanguageDetectors.Create(new OnnxLanguageDetectorOptions { ModelPath = "/nonexistent/langid.onnx" }, out var reason);

        Assert.IsType<ScriptLanguageDetector>(detector);
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public void Create_CorruptModel_FallsBackToScriptRules()
    {
        _ = model.Detector;
        var dir = Directory.CreateTempSubdirectory("langid-corrupt-").FullName;
        try
        {
            var path = Path.Combine(dir, "langid.onnx");
            File.WriteAllText(path, "not a model");
            File.Copy(Path.ChangeExtension(ShippedLangIdModel.ModelPath, ".json"), Path.ChangeExtension(path, ".json"));

            var detector = LanguageDetectors.Create(new OnnxLanguageDetectorOptions { ModelPath = path }, out var reason);

            Assert.IsType<ScriptLanguageDetector>(detector);
            Assert.Contains("OnnxRuntimeException", reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

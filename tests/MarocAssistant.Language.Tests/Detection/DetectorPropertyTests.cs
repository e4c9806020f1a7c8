using FsCheck.Fluent;
using MarocAssistant.Language.Detection;
using MarocAssistant.Testing;

namespace MarocAssistant.Language.Tests.Detection;

/// <summary>Language detection never throws, and always names a known label with a confidence between 0 and 1.</summary>
public sealed class DetectorPropertyTests : IClassFixture<ShippedLangIdModel>
{
    private readonly ShippedLangIdModel _model;

    public DetectorPropertyTests(ShippedLangIdModel model)
    {
        _model = model;
    }

    [Fact]
    public void Detect_ScriptDetector_AnyWellFormedText_KnownLabel() => Holds(new ScriptLanguageDetector());

    [Fact]
    public void Detect_OnnxDetector_AnyWellFormedText_KnownLabel() => Holds(_model.Detector);

    private static void Holds(ILanguageDetector detector) =>
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, text =>
        {
            var result = detector.Detect(text);
            return ShippedLangIdModel.Labels.Contains(result.Label) && result.Confidence is >= 0 and <= 1;
        }), tests: 500);
}

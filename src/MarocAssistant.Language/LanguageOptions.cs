namespace MarocAssistant.Language;

/// <summary>
/// Where language identification finds its model (configuration section <c>Assistant</c>, the section that says where
/// every shipped folder is).
/// </summary>
public sealed class LanguageOptions
{
    public const string SectionName = "Assistant";

    /// <summary>Folder of models (<c>langid.onnx</c>; retrieval's <c>encoder.onnx</c> sits beside it).</summary>
    public string ModelsPath { get; set; } = "models";

    /// <summary><see cref="ModelsPath"/>, resolved against the application folder when relative.</summary>
    public string ModelsFolder => AppFolder.Resolve(ModelsPath);
}

using MarocAssistant.Language;

namespace MarocAssistant.Composition;

/// <summary>Where the editable reply templates are (configuration section <c>Assistant</c>, the section that says where every shipped folder is).</summary>
public sealed class TemplateOptions
{
    public const string SectionName = "Assistant";

    /// <summary>Folder of editable reply templates.</summary>
    public string TemplatesPath { get; set; } = "Templates";

    /// <summary><see cref="TemplatesPath"/>, resolved against the application folder when relative.</summary>
    public string TemplatesFolder => AppFolder.Resolve(TemplatesPath);
}

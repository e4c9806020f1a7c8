using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Conversation.Pipeline;

/// <summary>Settings of the turn pipeline (section <c>Assistant</c>).</summary>
public sealed class AssistantOptions
{
    public const string SectionName = "Assistant";

    /// <summary>Folder of procedure records. Relative paths are resolved from the application folder.</summary>
    /// <value>Default <c>corpus/procedures</c> (shipped next to the binaries).</value>
    [Required]
    public string CorpusPath { get; set; } = "corpus/procedures";

    /// <summary>Folder of models (<c>langid.onnx</c>, <c>encoder.onnx</c>, ...).</summary>
    [Required]
    public string ModelsPath { get; set; } = "models";

    /// <summary>Folder of editable reply templates.</summary>
    [Required]
    public string TemplatesPath { get; set; } = "Templates";

    /// <summary>Longer messages get a polite "please be brief" instead of an answer.</summary>
    /// <value>Default 2,000 characters.</value>
    [Range(16, 100_000)]
    public int MaxMessageChars { get; set; } = 2000;

    /// <summary>How long a conversation's state is kept without a turn.</summary>
    /// <value>Default 60 minutes.</value>
    [Range(1, 7 * 24 * 60)]
    public int StateTtlMinutes { get; set; } = 60;

    /// <summary>Once a conversation has a reply language, a message switches it only when detected with this confidence.</summary>
    [Range(0.0, 1.0)]
    public double LanguageSwitchConfidence { get; set; } = 0.6;

    /// <summary>Resolves a configured path against the application folder when it is relative.</summary>
    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
}

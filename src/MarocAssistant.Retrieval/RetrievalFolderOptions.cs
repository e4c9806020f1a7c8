using MarocAssistant.Language;

namespace MarocAssistant.Retrieval;

/// <summary>
/// The shipped folders retrieval reads (configuration section <c>Assistant</c>, the section that says where every
/// shipped folder is): the procedure records, with the lexicon and questions beside them, and the models.
/// </summary>
public sealed class RetrievalFolderOptions
{
    public const string SectionName = "Assistant";

    /// <summary>Folder of procedure records.</summary>
    public string CorpusPath { get; set; } = "corpus/procedures";

    /// <summary>Folder of models (<c>encoder.onnx</c>, <c>procedures.index</c>...).</summary>
    public string ModelsPath { get; set; } = "models";

    /// <summary><see cref="CorpusPath"/>, resolved against the application folder when relative.</summary>
    public string CorpusFolder => AppFolder.Resolve(CorpusPath);

    /// <summary><see cref="ModelsPath"/>, resolved against the application folder when relative.</summary>
    public string ModelsFolder => AppFolder.Resolve(ModelsPath);
}

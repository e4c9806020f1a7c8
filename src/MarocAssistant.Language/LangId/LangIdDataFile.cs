namespace MarocAssistant.Language.LangId;

/// <summary>A training file as recorded in the model metadata: its name, content hash and size.</summary>
public sealed record LangIdDataFile(string Name, string Sha256, int Examples);

using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Composition.Answers;

/// <summary>
/// Writes the answer about one procedure in the citizen's language and script, from the record only.
/// The template composer is the default; an LLM composer may wrap it and fall back to it.
/// </summary>
public interface IAnswerComposer
{
    ValueTask<Reply> ComposeAnswerAsync(ProcedureRecord record, string replyLanguage, CancellationToken cancellationToken = default);
}

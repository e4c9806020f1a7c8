namespace MarocAssistant.Composition.Answers;

/// <summary>The names of the kernel arguments the answer functions and their filter share.</summary>
public static class AnswerArguments
{
    /// <summary>The <see cref="Retrieval.Corpus.ProcedureRecord"/> the answer is about.</summary>
    public const string Record = "record";

    /// <summary>The reply language label (e.g. <c>ary-Latn</c>).</summary>
    public const string ReplyLanguage = "replyLanguage";

    /// <summary>The template answer, which the LLM answer falls back to.</summary>
    public const string Template = "template";

    /// <summary>The addresses behind the link tokens, in token order.</summary>
    public const string Links = "links";

    /// <summary>The record as text, with its links as tokens.</summary>
    public const string RecordText = "record_text";

    /// <summary>The system prompt.</summary>
    public const string System = "system";

    /// <summary>
    /// The caller's <see cref="CancellationToken"/>, so the filter can tell the caller's cancellation (passed on) from
    /// the wording's deadline (the template answer).
    /// </summary>
    public const string CallerCancellation = "callerCancellation";
}

namespace MarocAssistant.Recording.Feedback;

/// <summary>Where citizens' 👍/👎 and unanswered questions are kept (section <c>Feedback</c>).</summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    /// <summary>A JSON-lines file that keeps the events across restarts, read by <c>maroc report</c>. Empty: in memory only.</summary>
    public string Path { get; set; } = "";
}

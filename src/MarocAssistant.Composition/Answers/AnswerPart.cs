namespace MarocAssistant.Composition.Answers;

/// <summary>One part of a procedure that a follow-up question can ask for on its own.</summary>
public enum AnswerPart
{
    Fees,
    Documents,
    Where,
    Delay,
    Online,
    Validity,
    Steps,

    /// <summary>Every source of the record, with titles and addresses (the answer shows only the main one, short).</summary>
    Source,
}

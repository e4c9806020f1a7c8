namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// The last value derived from a message on this thread, held in a <c>[ThreadStatic]</c> field: a turn puts the same
/// message through several stages (cues, topics, families, mentions, the vocabulary), each wanting the same derived
/// form, so it is computed once. A miss only costs the computation again.
/// </summary>
internal struct LastOnThread<T>
{
    private string? _text;
    private T _value;

    public readonly bool TryGet(string text, out T value)
    {
        if (_text is not null && string.Equals(_text, text, StringComparison.Ordinal))
        {
            value = _value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string text, T value) => (_text, _value) = (text, value);
}

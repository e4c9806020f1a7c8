using MarocAssistant.Language.Classification;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>What kind of message a turn is, by the learned model <c>models/intent.onnx</c> (see models/MODELS.md).</summary>
/// <param name="Admin">An administrative question, covered or not, or a follow-up on one.</param>
/// <param name="OutOfScope">Nothing administrative: weather, football, a phone's price.</param>
/// <param name="Refuse">Bribery, forgery, other people's data, attacks on the assistant.</param>
/// <param name="Handoff">Asks for a person.</param>
/// <param name="SmallTalk">Greetings, thanks, acknowledgements, "are you a robot?".</param>
/// <param name="Restart">"Start again".</param>
public readonly record struct MessageKindScores(float Admin, float OutOfScope, float Refuse, float Handoff, float SmallTalk, float Restart)
{
    /// <summary>No opinion: every score 0 (no model, or a message without words).</summary>
    public static MessageKindScores None => default;
}

/// <summary>
/// The learned complement to the cue lists of <c>cues.yaml</c>: a small classifier of the same kind as the language
/// identifier, trained on messages written for the project in every language and script (<c>corpus/intents</c>) and
/// on the training questions. The cues stay first (an administration edits them); the model catches the wordings they
/// miss: a request for a person, a refusal or an off-topic question phrased in a new way.
/// </summary>
public sealed class MessageKinds : IDisposable
{
    private readonly OnnxTextClassifier? _classifier;
    private readonly int[] _index;

    private MessageKinds(OnnxTextClassifier? classifier)
    {
        _classifier = classifier;
        string[] order = ["admin", "out_of_scope", "refuse", "handoff", "smalltalk", "restart"];
        var labels = classifier?.Info.Labels ?? [];
        _index = order.Select(l => labels.ToList().IndexOf(l)).ToArray();
        if (classifier is not null && _index.Any(i => i < 0))
        {
            classifier.Dispose();
            throw new InvalidDataException($"The message-kind model must have the labels {string.Join(", ", order)}; it has {string.Join(", ", labels)}.");
        }
    }

    /// <summary>Whether a model answers (false when ONNX Runtime or the model could not be loaded).</summary>
    public bool Available => _classifier is not null;

    /// <summary>Loads the model; when it cannot be loaded, <paramref name="reason"/> says why and every score is 0.</summary>
    public static MessageKinds Load(string modelPath, out string? reason)
    {
        reason = null;
        try
        {
            return new MessageKinds(new OnnxTextClassifier(modelPath));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            reason = ex.Message;
            return new MessageKinds(null);
        }
    }

    public MessageKindScores Score(string text)
    {
        if (_classifier is null)
        {
            return MessageKindScores.None;
        }

        Span<float> p = stackalloc float[_classifier.Info.Labels.Count];
        _classifier.Classify(text, p);
        return new MessageKindScores(p[_index[0]], p[_index[1]], p[_index[2]], p[_index[3]], p[_index[4]], p[_index[5]]);
    }

    public void Dispose() => _classifier?.Dispose();
}

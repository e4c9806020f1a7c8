using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// Maps a question and a procedure into the same vector space, so that a question lands near its procedure.
/// Implementations: the trained ONNX encoder, or any OpenAI-compatible embeddings endpoint. Thread-safe.
/// </summary>
public interface IEmbedder
{
    int Dimensions { get; }

    /// <summary>Identifies the model, so that an index built with another model is seen as stale.</summary>
    string Fingerprint { get; }

    /// <summary>A prototype of out-of-scope questions in the same space, when the model has one.</summary>
    float[]? OutOfScopePrototype { get; }

    ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default);

    ValueTask<float[]> EmbedProcedureAsync(ProcedureRecord record, CancellationToken cancellationToken = default);
}

using MarocAssistant.Retrieval.Hybrid;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>An embedder that ships its own confidence calibration (fitted on folds it was not trained on).</summary>
public interface ICalibratedEmbedder : IEmbedder
{
    ConfidenceCalibration? Calibration { get; }
}

/// <summary>
/// An embedder whose input is the query's sparse terms (the trained encoder): the search hands over the vector it
/// already computed instead of the text, so the terms are extracted once per query.
/// </summary>
public interface ISparseInputEmbedder : IEmbedder
{
    float[] EmbedSparse(Sparse.SparseVector query);
}

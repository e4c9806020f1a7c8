namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// The names of the encoder graph's inputs and output, shared by the embedder that runs it and the trainer that writes
/// it (MarocAssistant.Training's <c>EncoderOnnxGraph</c>).
/// </summary>
public static class EncoderOnnx
{
    public const string IndicesInput = "indices";
    public const string WeightsInput = "weights";
    public const string EmbeddingOutput = "embedding";
}

namespace MarocAssistant.Retrieval.Sparse;

/// <summary>BM25 parameters and the IDF that every backend applies (the formula Qdrant's <c>idf</c> modifier uses).</summary>
public static class Bm25
{
    /// <summary><c>ln((N − df + 0.5) / (df + 0.5) + 1)</c>, always positive.</summary>
    public static float Idf(int documentCount, int documentFrequency) =>
        (float)Math.Log(((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)) + 1.0);

    /// <summary>The saturated term frequency stored in a document vector.</summary>
    public static float Saturate(float termFrequency, float documentLength, float averageLength, float k1, float b) =>
        termFrequency * (k1 + 1) / (termFrequency + (k1 * (1 - b + (b * documentLength / averageLength))));
}

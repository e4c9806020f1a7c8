namespace MarocAssistant.Retrieval.Index;

/// <summary>
/// Reciprocal-rank fusion exactly as Qdrant computes it: each list adds <c>1 / ((rank₀ + 1) / w + k − 1)</c>,
/// which is <c>1 / (rank₀ + k)</c> for weight 1. Ties are broken by id so results are deterministic.
/// </summary>
public static class ReciprocalRankFusion
{
    public static List<IndexHit> Fuse(IReadOnlyList<IReadOnlyList<IndexHit>> lists, IReadOnlyList<float>? weights, int k, int limit)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var l = 0; l < lists.Count; l++)
        {
            var w = weights is null ? 1.0 : weights[l];
            var list = lists[l];
            for (var rank = 0; rank < list.Count; rank++)
            {
                scores[list[rank].Id] = scores.GetValueOrDefault(list[rank].Id) + Contribution(rank, w, k);
            }
        }

        return scores
            .Select(kv => new IndexHit(kv.Key, kv.Value))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>What the hit at <paramref name="rank"/> (from 0) of a list with weight <paramref name="weight"/> adds.</summary>
    public static double Contribution(int rank, double weight, int k) => 1.0 / (((rank + 1) / weight) + k - 1);
}

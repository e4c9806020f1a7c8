using MarocAssistant.Retrieval.Index;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Index;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Fuse_DefaultK_ScoresOneOverRankPlusK()
    {
        IReadOnlyList<IndexHit> a = [new("x", 9), new("y", 5)];
        IReadOnlyList<IndexHit> b = [new("y", 0.9), new("z", 0.1)];

        var fused = ReciprocalRankFusion.Fuse([a, b], null, 2, 10);

        Assert.Equal(["y", "x", "z"], fused.Select(h => h.Id));
        Assert.Equal((1.0 / 3) + (1.0 / 2), fused[0].Score, 9);
        Assert.Equal(1.0 / 2, fused[1].Score, 9);
    }

    [Fact]
    public void Fuse_Weighted_UsesQdrantFormula()
    {
        IReadOnlyList<IndexHit> a = [new("x", 1)];
        IReadOnlyList<IndexHit> b = [new("y", 1)];

        var fused = ReciprocalRankFusion.Fuse([a, b], [1f, 2f], 2, 10);

        // 1 / ((rank0 + 1) / w + k − 1): y gets 1 / (0.5 + 1), x gets 1 / (1 + 1).
        Assert.Equal("y", fused[0].Id);
        Assert.Equal(1 / 1.5, fused[0].Score, 6);
    }
}

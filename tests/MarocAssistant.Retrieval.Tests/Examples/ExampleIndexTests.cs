using MarocAssistant.Retrieval.Examples;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Examples;

public sealed class ExampleIndexTests
{
    // Four unit vectors in 2-D: two questions of "a" near the x axis, one of "b" on the y axis, one off-topic.
    private static readonly ExampleIndex Index = new(
        ["a", "a", "b", null],
        [1f, 0f, 0.8f, 0.6f, 0f, 1f, -1f, 0f],
        2,
        "test");

    [Fact]
    public void Vote_NearTwoQuestionsOfOneProcedure_RanksItFirstWithTheirMeanCosine()
    {
        var hits = Index.Vote([2f, 0f], ["a", "b"], neighbours: 2, limit: 5);

        var hit = Assert.Single(hits);
        Assert.Equal("a", hit.Id);
        Assert.Equal((1.0 + 0.8) / 2, hit.Score, 5);
    }

    [Fact]
    public void Vote_OffTopicNeighbour_TakesAPlaceAndVotesForNothing()
    {
        var hits = Index.Vote([-1f, 0.1f], ["a", "b"], neighbours: 2, limit: 5);

        Assert.Equal(["b"], hits.Select(h => h.Id));
        Assert.True(hits[0].Score < 0.1, $"{hits[0].Score}");
    }

    [Fact]
    public void Vote_CandidateGivenTwice_VotesOnce()
    {
        var once = Index.Vote([2f, 0f], ["a"], neighbours: 2, limit: 5);
        var twice = Index.Vote([2f, 0f], ["a", "a"], neighbours: 2, limit: 5);

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Vote_ProcedureNotAmongTheCandidates_IsNotRead()
    {
        var hits = Index.Vote([0.8f, 0.6f], ["b"], neighbours: 1, limit: 5);

        Assert.Equal(["b"], hits.Select(h => h.Id));
    }

    [Fact]
    public void Vote_WrongDimensionsOrNoNeighbours_IsEmpty()
    {
        Assert.Empty(Index.Vote([1f, 0f, 0f], ["a"], neighbours: 2, limit: 5));
        Assert.Empty(Index.Vote([1f, 0f], ["a"], neighbours: 0, limit: 5));
    }

    [Fact]
    public void Constructor_VectorsOfAnotherSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ExampleIndex(["a"], [1f, 0f, 0f], 2, "test"));
    }
}

using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class NotCoveredTopicsTests : IDisposable
{
    private readonly ServiceProvider _services = PipelineFactory.Services();

    private NotCoveredTopics Topics => _services.GetRequiredService<NotCoveredTopics>();

    private ProcedureMentions Mentions => _services.GetRequiredService<ProcedureMentions>();

    [Theory]
    [InlineData("bghit ntiyer drone f agadir wach khasni chi haja", "drone-authorization")]
    [InlineData("comment ouvrir une crèche à Rabat", "nursery-creche")]
    [InlineData("كيف أحصل على ترخيص حفر بئر للسقي", "water-well-authorization")]
    public void Match_TopicName_GivesTheTopic(string text, string id)
    {
        var match = Topics.Match(text);

        Assert.NotNull(match);
        Assert.Equal(id, match.Value.Id);
    }

    [Fact]
    public void Match_CoveredProcedureName_IsNotATopic()
    {
        Assert.Null(Topics.Match("bghit njded lbasbor dyali"));
    }

    [Theory]
    [InlineData(0.1, true)]
    [InlineData(0.95, false)]
    public void StandsBeside_SearchPutsTheNamedProcedureFirst_StandsOnlyWhenItPlacesNothing(double confidence, bool stands)
    {
        var options = new RetrievalOptions();
        var found = new SearchResult([new ScoredProcedure("negative-certificate", 1.0), new ScoredProcedure("trade-register", 0.3)], confidence)
        {
            ChoiceConfidence = confidence,
        };

        Assert.Equal(stands, NotCoveredTopics.StandsBeside(new HashSet<string>(["negative-certificate"]), found, options));
    }

    // A name in corpus/not-covered.yaml that also appears in the way citizens ask for a covered procedure would send those
    // citizens to "I don't have this one": every training question of a covered procedure must get through.
    // As the dialog reads it (NotCoveredTopics.StandsBeside).
    [Fact]
    public async Task Match_TrainingQuestionsOfCoveredProcedures_NoneTakenForATopic()
    {
        var covered = QuestionFiles.LoadFolder(Path.Combine(RepoPaths.Corpus, "questions")).Where(q => !q.IsOutOfScope).ToList();
        Assert.NotEmpty(covered);
        var search = _services.GetRequiredService<IProcedureSearch>();
        var options = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetrievalOptions>>().Value;
        var wrong = new List<string>();
        foreach (var question in covered)
        {
            if (Topics.Match(question.Text) is { } topic && Mentions.Named(topic.Remainder) is var besides
                && NotCoveredTopics.StandsBeside(besides, await search.SearchAsync(new SearchQuery(question.Text), TestContext.Current.CancellationToken), options))
            {
                wrong.Add($"{question.ProcedureId} → {topic.Id}: {question.Text}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    public void Dispose() => _services.Dispose();
}

using MarocAssistant.Language;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace MarocAssistant.Retrieval.Tests;

/// <summary>The retrieve stage as the host registers it: the shipped corpus and the hybrid search, settings checked on start.</summary>
public sealed class RetrievalServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddRetrieval_DefaultSettings_SearchesTheShippedCorpus()
    {
        await using var provider = Services().BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var corpus = provider.GetRequiredService<ProcedureCorpus>();
        var result = await provider.GetRequiredService<IProcedureSearch>().SearchAsync(new SearchQuery("bghit njded lpasspor dyali"), TestContext.Current.CancellationToken);

        Assert.NotEmpty(corpus.Records);
        Assert.NotEmpty(result.Candidates);
        Assert.All(result.Candidates, c => Assert.NotNull(corpus.Find(c.ProcedureId)));
    }

    [Theory]
    [InlineData("Retrieval:AnswerThreshold", "2", "Retrieval:AnswerThreshold")]
    [InlineData("Assistant:CorpusPath", " ", "Assistant:CorpusPath")]
    public void AddRetrieval_BadSetting_FailsAtStart(string key, string value, string expected)
    {
        using var provider = Services((key, value)).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLanguage(configuration).AddRetrieval(configuration);
        return services;
    }
}

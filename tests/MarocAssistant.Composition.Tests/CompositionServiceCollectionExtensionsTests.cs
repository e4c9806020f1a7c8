using MarocAssistant.Composition.Answers;
using MarocAssistant.Language;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Composition.Tests;

/// <summary>The compose stage as the host registers it: the shipped templates, the LLM off by default, settings checked on start.</summary>
public sealed class CompositionServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddComposition_DefaultSettings_AnswersFromTheShippedTemplates()
    {
        await using var provider = Services().BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var record = provider.GetRequiredService<ProcedureCorpus>().Records[0];
        var reply = await provider.GetRequiredService<IAnswerComposer>().ComposeAnswerAsync(record, "fr", Ct);

        Assert.IsType<KernelAnswerComposer>(provider.GetRequiredService<IAnswerComposer>());
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
    }

    [Theory]
    [InlineData("Llm:TimeoutSeconds", "0", "TimeoutSeconds")]
    [InlineData("Assistant:TemplatesPath", " ", "Assistant:TemplatesPath")]
    public void AddComposition_BadSetting_FailsAtStart(string key, string value, string expected)
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
        services.AddLanguage(configuration).AddRetrieval(configuration).AddComposition(configuration);
        return services;
    }
}

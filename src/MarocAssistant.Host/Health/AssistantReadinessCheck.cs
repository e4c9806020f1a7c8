using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarocAssistant.Host.Health;

/// <summary>Ready when the corpus is loaded, the search index is built and the language model is loaded.</summary>
internal sealed class AssistantReadinessCheck : IHealthCheck
{
    private readonly IServiceProvider _services;

    public AssistantReadinessCheck(IServiceProvider services)
    {
        _services = services;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Resolving builds each part once; a failure here is what a citizen would otherwise meet on the first turn.
            var corpus = _services.GetRequiredService<ProcedureCorpus>();
            var search = _services.GetRequiredService<IProcedureSearch>();
            var detector = _services.GetRequiredService<ILanguageDetector>();
            _services.GetRequiredService<TurnPipeline>();
            var data = new Dictionary<string, object>
            {
                ["procedures"] = corpus.Count,
                ["search"] = search.GetType().Name,
                ["languageDetector"] = detector.GetType().Name,
            };
            return Task.FromResult(corpus.Count == 0
                ? HealthCheckResult.Unhealthy("The corpus is empty.", data: data)
                : HealthCheckResult.Healthy("Corpus, index and models loaded.", data));
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or CorpusException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The assistant could not load.", ex));
        }
    }
}

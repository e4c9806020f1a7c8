using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Conversation.Observability;

/// <summary>
/// Times the stages of a turn without touching them: each stage service registered in DI is wrapped by a decorator
/// that records <c>maroc.stage.duration{stage}</c> around the call, inside an activity <c>maroc.stage.{stage}</c> when
/// someone traces (<see cref="TurnTracing"/>). Registered by the host only (the CLI and tests
/// run the bare pipeline).
/// </summary>
public static class MeasuredStages
{
    /// <summary>Adds <see cref="TurnMetrics"/> and wraps the language, understand, retrieve, compose and state stages.</summary>
    public static IServiceCollection AddTurnMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<TurnMetrics>();
        Decorate<ILanguageDetector>(services, (inner, m) => new DetectorStage(inner, m));
        Decorate<ITurnUnderstanding>(services, (inner, m) => new UnderstandingStage(inner, m));
        Decorate<IProcedureSearch>(services, (inner, m) => new SearchStage(inner, m));
        Decorate<IAnswerComposer>(services, (inner, m) => new ComposerStage(inner, m));
        Decorate<IConversationStore>(services, (inner, m) => new StoreStage(inner, m));
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, TurnMetrics, T> wrap)
        where T : class
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(T) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(
                typeof(T),
                sp =>
                {
                    var inner = descriptor.ImplementationInstance as T
                        ?? (T?)descriptor.ImplementationFactory?.Invoke(sp)
                        ?? (T)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
                    return wrap(inner, sp.GetRequiredService<TurnMetrics>());
                },
                descriptor.Lifetime);
        }
    }

    private sealed class DetectorStage(ILanguageDetector inner, TurnMetrics metrics) : ILanguageDetector
    {
        public LanguageResult Detect(string text)
        {
            using var stage = metrics.StartStage("language");
            return inner.Detect(text);
        }
    }

    private sealed class UnderstandingStage(ITurnUnderstanding inner, TurnMetrics metrics) : ITurnUnderstanding
    {
        public TurnUnderstanding Understand(string text)
        {
            using var stage = metrics.StartStage("understand");
            return inner.Understand(text);
        }
    }

    private sealed class SearchStage(IProcedureSearch inner, TurnMetrics metrics) : IProcedureSearch, IMeasuredStage
    {
        public object Inner => inner;

        public async ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
        {
            using var stage = metrics.StartStage("retrieve");
            return await inner.SearchAsync(query, cancellationToken);
        }
    }

    private sealed class ComposerStage(IAnswerComposer inner, TurnMetrics metrics) : IAnswerComposer
    {
        public async ValueTask<Reply> ComposeAnswerAsync(ProcedureRecord record, string replyLanguage, CancellationToken cancellationToken = default)
        {
            using var stage = metrics.StartStage("compose");
            return await inner.ComposeAnswerAsync(record, replyLanguage, cancellationToken);
        }
    }

    private sealed class StoreStage(IConversationStore inner, TurnMetrics metrics) : IConversationStore
    {
        public async ValueTask<ConversationState?> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
        {
            using var stage = metrics.StartStage("state");
            return await inner.GetAsync(conversationKey, cancellationToken);
        }

        public async ValueTask SetAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken = default)
        {
            using var stage = metrics.StartStage("state");
            await inner.SetAsync(conversationKey, state, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(string conversationKey, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(conversationKey, cancellationToken);
    }
}

/// <summary>A stage wrapped for timing; <see cref="Inner"/> is the real one (what readiness checks look at).</summary>
public interface IMeasuredStage
{
    object Inner { get; }
}

using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Conversation.Feedback;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation;

/// <summary>Registers the turn pipeline and its stages; shared by the host and the CLI so both run the same assistant.</summary>
public static class AssistantServiceCollectionExtensions
{
    public static IServiceCollection AddMarocAssistant(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssistantOptions>()
            .Bind(configuration.GetSection(AssistantOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ProcedureCorpus.LoadFolder(AssistantOptions.Resolve(Options(sp).CorpusPath)));
        services.AddSingleton(sp => TemplateSet.LoadFolder(AssistantOptions.Resolve(Options(sp).TemplatesPath)));
        services.AddSingleton<TemplateAnswerComposer>();
        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new FactGuard(sp.GetRequiredService<ILanguageDetector>()));
        services.AddSingleton<IChatClient>(sp => new OpenAICompatibleChatClient(sp.GetRequiredService<IOptions<LlmOptions>>().Value));

        // The LLM words answers only when an endpoint is configured; the templates are always the fallback.
        services.AddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<IOptions<LlmOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<LlmAnswerComposer>(sp)
            : sp.GetRequiredService<TemplateAnswerComposer>());
        services.AddSingleton<ILanguageDetector, ScriptLanguageDetector>();
        services.AddSingleton<ITurnUnderstanding>(_ => new CueTurnUnderstanding(CueTurnUnderstanding.DefaultPath));
        services.AddSingleton<IProcedureSearch>(sp => new KeywordProcedureSearch(sp.GetRequiredService<ProcedureCorpus>()));
        services.AddSingleton<IConversationStore>(sp => new InMemoryConversationStore(
            sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMinutes(Options(sp).StateTtlMinutes)));
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.SectionName));
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ITurnObserver>(sp => sp.GetRequiredService<FeedbackStore>());
        services.AddSingleton<IConversationErasure>(sp => sp.GetRequiredService<FeedbackStore>());
        services.AddSingleton<TurnPipeline>();
        return services;
    }

    private static AssistantOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AssistantOptions>>().Value;
}

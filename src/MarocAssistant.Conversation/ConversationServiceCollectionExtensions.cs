using MarocAssistant.Composition;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation;

/// <summary>Registers the turn pipeline: understanding, the dialog's state, and the pipeline itself.</summary>
public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The whole assistant, stage by stage (language, retrieval, composition, conversation), as the host registers it;
    /// the CLI and tests call this so that all three run the same assistant.
    /// </summary>
    public static IServiceCollection AddMarocAssistant(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddLanguage(configuration)
            .AddRetrieval(configuration)
            .AddComposition(configuration)
            .AddConversation(configuration);

    /// <summary>
    /// The conversation stage, over the language, retrieval and composition stages registered before it: the cues
    /// that understand a turn, the in-memory stores (<see cref="StateServiceCollectionExtensions.AddInMemoryState"/>),
    /// and the pipeline (section <c>Assistant</c>, validated on start). Feedback and transcripts are the record stage's
    /// (<c>AddRecording</c> in MarocAssistant.Recording).
    /// </summary>
    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssistantOptions>()
            .Bind(configuration.GetSection(AssistantOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new CueTurnUnderstanding(CueTurnUnderstanding.DefaultPath));
        services.AddSingleton<ITurnUnderstanding>(sp => sp.GetRequiredService<CueTurnUnderstanding>());
        services.AddSingleton(sp => new ProcedureMentions(
            sp.GetRequiredService<ProcedureCorpus>(),
            sp.GetRequiredService<RetrievalResources>().Sparse,
            sp.GetRequiredService<CueTurnUnderstanding>().NotProcedureNames));
        services.AddSingleton(sp => NotCoveredTopics.Load(
            Path.Combine(Path.GetDirectoryName(AssistantOptions.Resolve(Options(sp).CorpusPath).TrimEnd('/', '\\'))!, "not-covered.yaml"),
            sp.GetRequiredService<ProcedureCorpus>()));
        services.AddSingleton(sp => ProcedureFamilies.Load(
            Path.Combine(Path.GetDirectoryName(AssistantOptions.Resolve(Options(sp).CorpusPath).TrimEnd('/', '\\'))!, "families.yaml"),
            sp.GetRequiredService<ProcedureCorpus>()));
        services.AddSingleton(sp =>
        {
            var resources = sp.GetRequiredService<RetrievalResources>();
            return new ProcedureVocabulary(
                sp.GetRequiredService<ProcedureCorpus>(), QuestionFiles.LoadFolder(resources.QuestionsFolder), resources.Sparse.Extractor);
        });
        services.AddSingleton(sp =>
        {
            var models = sp.GetRequiredService<IOptions<LanguageOptions>>().Value.ModelsFolder;
            var kinds = MessageKinds.Load(Path.Combine(models, "intent.onnx"), out var reason);
            if (reason is not null)
            {
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("MarocAssistant.Conversation")
                    .LogWarning("Message kinds degraded to the cue lists only: {Reason}", reason);
            }

            return kinds;
        });
        services.AddInMemoryState(configuration);
        services.AddAgentDesk(configuration);                // a hand-off waits for an agent of the administration
        services.AddSingleton<TurnPipeline>();
        return services;
    }

    private static AssistantOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AssistantOptions>>().Value;
}

using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Recording.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>Registers the record stage: redacted transcripts, their retention, and erasure per conversation.</summary>
public static class TranscriptServiceCollectionExtensions
{
    /// <summary>
    /// Always registers <see cref="ConversationEraser"/> with the erasure of the state store and of the agent desk. With
    /// <c>Transcripts:Path</c> set, also the file transcript store, the recorder (an <see cref="ITurnObserver"/>),
    /// the transcript erasure and the retention sweeper. Other stores add their own <see cref="IConversationErasure"/>.
    /// </summary>
    public static IServiceCollection AddTranscripts(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TranscriptOptions.SectionName);
        services.AddOptions<TranscriptOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConversationEraser>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConversationErasure, ConversationStateErasure>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConversationErasure, AgentDeskErasure>());

        var options = new TranscriptOptions();
        section.Bind(options);
        if (!options.Enabled)
        {
            return services;
        }

        services.TryAddSingleton<ITranscriptStore>(sp => new FileTranscriptStore(
            AssistantOptions.Resolve(options.Path),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FileTranscriptStore>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITurnObserver, TranscriptRecorder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MarocAssistant.Conversation.AgentDesk.IAgentTurnRecorder, AgentTurnRecorder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConversationErasure, TranscriptErasure>());
        services.AddHostedService<TranscriptRetentionService>();
        return services;
    }
}

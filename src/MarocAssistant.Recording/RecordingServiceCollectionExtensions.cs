using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Recording.Feedback;
using MarocAssistant.Recording.Privacy;
using MarocAssistant.Recording.Transcripts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Recording;

/// <summary>Registers the record stage, after the turn: feedback, then transcripts, retention and erasure.</summary>
public static class RecordingServiceCollectionExtensions
{
    /// <summary>
    /// Feedback (section <c>Feedback</c>) and transcripts (<see cref="TranscriptServiceCollectionExtensions.AddTranscripts"/>),
    /// in that order: turn observers run in the order they are registered.
    /// </summary>
    public static IServiceCollection AddRecording(this IServiceCollection services, IConfiguration configuration) =>
        services.AddFeedback(configuration).AddTranscripts(configuration);

    /// <summary>The feedback store: an <see cref="ITurnObserver"/> of 👍/👎 turns and an erasable store.</summary>
    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.SectionName));
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ITurnObserver>(sp => sp.GetRequiredService<FeedbackStore>());
        services.AddSingleton<IConversationErasure>(sp => sp.GetRequiredService<FeedbackStore>());
        return services;
    }
}

using MarocAssistant.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.State;

/// <summary>
/// Registers the stores kept in this process: conversation state, duplicate keys, rate-limit counters and Direct Line
/// activity logs. They are the single-host defaults; State.Redis replaces each one to share it between hosts.
/// </summary>
public static class StateServiceCollectionExtensions
{
    public static IServiceCollection AddInMemoryState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineStoreOptions>()
            .Bind(configuration.GetSection(DirectLineStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IConversationStore>(sp => new InMemoryConversationStore(
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<AssistantOptions>>().Value.StateTtlMinutes)));
        services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.AddSingleton<IRateLimitCounters, InMemoryRateLimitCounters>();
        services.AddSingleton<IDirectLineStore, InMemoryDirectLineStore>();
        return services;
    }
}

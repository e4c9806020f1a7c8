using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.State.Redis;

/// <summary>Registers shared state: Redis when <c>State:Redis</c> is set, the in-memory stores otherwise.</summary>
public static class SharedStateServiceCollectionExtensions
{
    /// <summary>
    /// Call after the conversation's in-memory stores are registered (<c>AddInMemoryState</c>, part of the assistant):
    /// each one is replaced by one that picks Redis or the registration it replaces, when first resolved (so the choice
    /// follows the final configuration).
    /// </summary>
    public static IServiceCollection AddSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StateOptions>()
            .Bind(configuration.GetSection(StateOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisConnection>();

        Choose<IConversationStore, RedisConversationStore>(services);
        Choose<IDirectLineStore, RedisDirectLineStore>(services);
        Choose<IIdempotencyStore, RedisIdempotencyStore>(services);
        Choose<IRateLimitCounters, RedisRateLimitCounters>(services);
        Choose<MarocAssistant.Conversation.AgentDesk.IAgentDeskStore, RedisAgentDeskStore>(services);

        services.AddHealthChecks().AddCheck<SharedStateHealthCheck>("state", tags: ["ready"]);
        return services;
    }

    private static void Choose<TService, TRedis>(IServiceCollection services)
        where TService : class
        where TRedis : class, TService
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(TService));
        services.RemoveAll<TService>();
        services.AddSingleton<TService>(sp =>
        {
            if (sp.GetRequiredService<IOptions<StateOptions>>().Value.Enabled)
            {
                return ActivatorUtilities.CreateInstance<TRedis>(sp);
            }

            return original switch
            {
                null => throw new InvalidOperationException($"No in-memory {typeof(TService).Name} is registered."),
                { ImplementationInstance: TService instance } => instance,
                { ImplementationFactory: { } factory } => (TService)factory(sp),
                _ => (TService)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!),
            };
        });
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>Registers the agent desk (section <c>AgentDesk</c>, validated on start) with its in-memory store.</summary>
public static class AgentDeskServiceCollectionExtensions
{
    public static IServiceCollection AddAgentDesk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentDeskOptions>()
            .Bind(configuration.GetSection(AgentDeskOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<IAgentDeskStore, InMemoryAgentDeskStore>();
        services.TryAddSingleton<AgentDeskMetrics>();
        services.TryAddSingleton<AgentDeskService>();
        services.TryAddSingleton<IHandoffDesk>(sp => sp.GetRequiredService<AgentDeskService>());
        return services;
    }
}

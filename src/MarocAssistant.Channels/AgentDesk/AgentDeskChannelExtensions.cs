using MarocAssistant.Conversation.AgentDesk;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Channels.AgentDesk;

/// <summary>Registers how the desk reaches citizens: Direct Line (and the widget) and WhatsApp.</summary>
public static class AgentDeskChannelExtensions
{
    public static IServiceCollection AddAgentDeskDeliveries(this IServiceCollection services)
    {
        services.AddSingleton<IAgentDelivery, DirectLineAgentDelivery>();
        services.AddSingleton<IAgentDelivery, WhatsAppAgentDelivery>();
        return services;
    }
}

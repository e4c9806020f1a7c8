using MarocAssistant.Channels.AgentDesk;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Channels.WhatsApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Channels;

/// <summary>Registers and maps every channel adapter: Bot Framework, Direct Line (with the widget's tokens) and WhatsApp.</summary>
public static class ChannelServiceCollectionExtensions
{
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddBotFrameworkChannel(configuration)
            .AddDirectLineChannel(configuration)
            .AddWhatsAppChannel(configuration)
            .AddAgentDeskDeliveries();

    /// <summary>
    /// <c>POST /api/messages</c>; <c>/v3/directline/*</c> (REST and WebSocket stream) and <c>POST /api/widget/token</c>,
    /// with the WebSocket and CORS middleware they need; <c>GET</c> and <c>POST /api/whatsapp</c>.
    /// </summary>
    public static WebApplication MapChannels(this WebApplication app)
    {
        app.MapBotFramework();
        app.MapDirectLine();
        app.MapWhatsApp();
        return app;
    }
}

using MarocAssistant.Conversation.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>Registers and maps the self-hosted Direct Line 3.0 channel.</summary>
public static class DirectLineServiceCollectionExtensions
{
    public static IServiceCollection AddDirectLineChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UnsupportedInput>();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineAuth>();
        services.TryAddSingleton<ActivityBot>();
        services.AddSingleton<DirectLineTurns>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<DirectLineActivities>();
        services.AddSingleton<DirectLineUpload>();
        services.AddSingleton<DirectLineStream>();
        services.AddSingleton<IConversationErasure, DirectLineErasure>();
        return services;
    }

    /// <summary>
    /// Adds the WebSocket middleware the stream needs and maps <c>/v3/directline/*</c>. The group is returned so that
    /// the host can attach its CORS policy.
    /// </summary>
    public static RouteGroupBuilder MapDirectLine(this WebApplication app)
    {
        app.UseWebSockets();
        return DirectLineEndpoints.Map(app);
    }
}

using MarocAssistant.Recording.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>Registers and maps the self-hosted Direct Line 3.0 channel and the widget's conversation tokens.</summary>
public static class DirectLineServiceCollectionExtensions
{
    public static IServiceCollection AddDirectLineChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<WidgetTokenOptions>()
            .Bind(configuration.GetSection(WidgetTokenOptions.SectionName))
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
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WidgetTokenOptions>>((cors, widget) => WidgetTokens.ConfigureCors(cors, widget.Value));
        services.AddSingleton<WidgetTokens>();
        return services;
    }

    /// <summary>
    /// Adds the WebSocket middleware the stream needs and the CORS middleware (for pages of other origins), then maps
    /// <c>/v3/directline/*</c> and <c>POST /api/widget/token</c> under the widget's CORS policy. The Direct Line group
    /// is returned so that the host can add to it.
    /// </summary>
    public static RouteGroupBuilder MapDirectLine(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseCors();
        WidgetTokens.Map(app);
        var group = DirectLineEndpoints.Map(app);
        group.RequireCors(WidgetTokens.CorsPolicy);
        return group;
    }
}

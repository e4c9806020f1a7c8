using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>Registers and maps the Bot Framework channel (<c>POST /api/messages</c>).</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotFrameworkOptions>()
            .Bind(configuration.GetSection(BotFrameworkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(nameof(ChannelAuthenticator), c => c.Timeout = TimeSpan.FromSeconds(10));

        // Timeouts (and the token's retries) are the resilience pipelines' (BotFrameworkResilience), not HttpClient.Timeout.
        services.AddHttpClient(nameof(BotTokenProvider), c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("bot-token", static (pipeline, context) =>
                BotFrameworkResilience.ConfigureToken(pipeline, Options(context.ServiceProvider)));
        services.AddHttpClient<ConnectorClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("bot-connector", static (pipeline, context) =>
                BotFrameworkResilience.ConfigureConnector(pipeline, Options(context.ServiceProvider)));
        services.AddSingleton<BotTokenProvider>();
        services.AddSingleton<ChannelAuthenticator>();
        services.AddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton<ActivityBot>();
        services.AddSingleton<BotMessagesEndpoint>();
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c>.</summary>
    public static IEndpointConventionBuilder MapBotFramework(this IEndpointRouteBuilder endpoints) => BotMessagesEndpoint.Map(endpoints);

    private static BotFrameworkOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
}

using MarocAssistant.Channels.BotFramework;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarocAssistant.Channels;

/// <summary>Registers the channel adapters.</summary>
public static class ChannelServiceCollectionExtensions
{
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotFrameworkOptions>()
            .Bind(configuration.GetSection(BotFrameworkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(nameof(ChannelAuthenticator), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(nameof(BotTokenProvider), (sp, c) =>
            c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BotFrameworkOptions>>().Value.OutgoingTimeoutSeconds));
        services.AddHttpClient<ConnectorClient>();
        services.AddSingleton<BotTokenProvider>();
        services.AddSingleton<ChannelAuthenticator>();
        services.AddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton<UnsupportedInput>();
        services.TryAddSingleton<ActivityBot>();
        services.AddSingleton<BotMessagesEndpoint>();
        return services;
    }
}

using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>Registers and maps the WhatsApp Cloud API channel.</summary>
public static class WhatsAppServiceCollectionExtensions
{
    public static IServiceCollection AddWhatsAppChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WhatsAppOptions>()
            .Bind(configuration.GetSection(WhatsAppOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // Each attempt has its own timeout (SendTimeoutSeconds), retried with backoff: the resilience pipeline's, not HttpClient.Timeout.
        services.AddHttpClient(nameof(WhatsAppGraphClient), c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("whatsapp-graph", static (pipeline, context) => WhatsAppGraphClient.ConfigureResilience(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<WhatsAppOptions>>().Value,
                context.ServiceProvider.GetRequiredService<ILogger<WhatsAppGraphClient>>()));
        services.AddSingleton<WhatsAppGraphClient>();
        services.AddSingleton<WhatsAppQueue>();
        services.AddSingleton<WhatsAppProcessor>();
        services.AddSingleton<WhatsAppEndpoints>();
        services.AddHostedService<WhatsAppWorker>();
        return services;
    }

    /// <summary>Maps <c>GET</c> and <c>POST /api/whatsapp</c>.</summary>
    public static RouteGroupBuilder MapWhatsApp(this IEndpointRouteBuilder endpoints) => WhatsAppEndpoints.Map(endpoints);
}

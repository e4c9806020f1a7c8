using MarocAssistant.Conversation;
using MarocAssistant.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Conversation.Tests.Pipeline;

/// <summary>The real pipeline with the shipped corpus and templates, as the host builds it.</summary>
internal static class PipelineFactory
{
    public static ServiceProvider Services(Action<IServiceCollection>? replace = null)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMarocAssistant(configuration);
        replace?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static IncomingMessage Message(string text, string conversation = "c1") => new("test", conversation, "u1", text);
}

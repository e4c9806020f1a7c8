using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Composition;

/// <summary>Registers the compose stage: the templates, and the optional LLM wording behind the fact guard.</summary>
public static class CompositionServiceCollectionExtensions
{
    public static IServiceCollection AddComposition(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TemplateOptions>()
            .Bind(configuration.GetSection(TemplateOptions.SectionName))
            .Validate(options => !string.IsNullOrWhiteSpace(options.TemplatesPath), "Assistant:TemplatesPath is required.")
            .ValidateOnStart();
        services.AddSingleton(sp => TemplateSet.LoadFolder(sp.GetRequiredService<IOptions<TemplateOptions>>().Value.TemplatesFolder));
        services.AddSingleton<TemplateAnswerComposer>();
        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new FactGuard(sp.GetRequiredService<ILanguageDetector>()));
        services.AddLlmHttpClient();
        services.AddSingleton(CreateAnswerKernel);

        // The LLM words answers only when an endpoint is configured; the template function is always the fallback.
        services.AddSingleton<IAnswerComposer>(sp => new KernelAnswerComposer(
            sp.GetRequiredService<AnswerKernel>(),
            sp.GetRequiredService<TemplateAnswerComposer>(),
            sp.GetRequiredService<IOptions<LlmOptions>>().Value,
            sp.GetRequiredService<ILogger<KernelAnswerComposer>>()));
        return services;
    }

    /// <summary>The answer kernel, built once: templates only, or with the LLM, its guard and the procedures plugin.</summary>
    private static AnswerKernel CreateAnswerKernel(IServiceProvider services)
    {
        var templates = services.GetRequiredService<TemplateAnswerComposer>();
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        if (!llm.Enabled)
        {
            return AnswerKernel.Create(templates, loggerFactory);
        }

        var chat = LlmChatClient.Create(llm, services.GetRequiredService<IHttpClientFactory>().CreateClient(LlmChatClient.HttpClientName));
        var procedures = llm.FunctionCalling
            ? new ProceduresPlugin(services.GetRequiredService<IProcedureSearch>(), services.GetRequiredService<ProcedureCorpus>(), templates)
            : null;
        return AnswerKernel.Create(templates, loggerFactory, chat, llm, services.GetRequiredService<FactGuard>(), procedures);
    }
}

using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Conversation.Feedback;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation;

/// <summary>Registers the turn pipeline and its stages; shared by the host and the CLI so both run the same assistant.</summary>
public static class AssistantServiceCollectionExtensions
{
    public static IServiceCollection AddMarocAssistant(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssistantOptions>()
            .Bind(configuration.GetSection(AssistantOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ProcedureCorpus.LoadFolder(AssistantOptions.Resolve(Options(sp).CorpusPath)));
        services.AddSingleton(sp => TemplateSet.LoadFolder(AssistantOptions.Resolve(Options(sp).TemplatesPath)));
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
        services.AddSingleton(sp => CreateLanguageDetector(sp));
        services.AddSingleton(_ => new CueTurnUnderstanding(CueTurnUnderstanding.DefaultPath));
        services.AddSingleton<ITurnUnderstanding>(sp => sp.GetRequiredService<CueTurnUnderstanding>());
        services.AddOptions<RetrievalOptions>()
            .Bind(configuration.GetSection(RetrievalOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetrievalOptions>, RetrievalOptionsValidator>();

        // Hybrid search over the embedded index; the remote index (Qdrant) is registered by the host when configured.
        // Loaded once: the search and the dialog's procedure mentions read the same lexicon.
        services.AddSingleton(sp => RetrievalResources.Load(
            ResolvePaths(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value, Options(sp)).CorpusPath,
            corpus: sp.GetRequiredService<ProcedureCorpus>()));
        services.AddSingleton<IProcedureSearch>(sp => ProcedureSearchFactory.Create(
            ResolvePaths(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value, Options(sp)),
            sp.GetService<IProcedureIndex>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("MarocAssistant.Retrieval"),
            sp.GetRequiredService<ProcedureCorpus>(),
            sp.GetRequiredService<RetrievalResources>()));
        services.AddSingleton(sp => new ProcedureMentions(
            sp.GetRequiredService<ProcedureCorpus>(),
            sp.GetRequiredService<RetrievalResources>().Sparse,
            sp.GetRequiredService<CueTurnUnderstanding>().NotProcedureNames));
        services.AddSingleton(sp => NotCoveredTopics.Load(
            Path.Combine(Path.GetDirectoryName(AssistantOptions.Resolve(Options(sp).CorpusPath).TrimEnd('/', '\\'))!, "not-covered.yaml"),
            sp.GetRequiredService<ProcedureCorpus>()));
        services.AddInMemoryState(configuration);
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.SectionName));
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ITurnObserver>(sp => sp.GetRequiredService<FeedbackStore>());
        services.AddSingleton<IConversationErasure>(sp => sp.GetRequiredService<FeedbackStore>());
        services.AddSingleton<TurnPipeline>();
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

    private static AssistantOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AssistantOptions>>().Value;

    /// <summary>The ONNX language model when ONNX Runtime and the model load; the script rules otherwise (logged).</summary>
    private static ILanguageDetector CreateLanguageDetector(IServiceProvider services)
    {
        var models = AssistantOptions.Resolve(Options(services).ModelsPath);
        var detector = LanguageDetectors.Create(new OnnxLanguageDetectorOptions { ModelPath = Path.Combine(models, "langid.onnx") }, out var reason);
        if (reason is not null)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("MarocAssistant.Language")
                .LogWarning("Language identification degraded to script rules: {Reason}", reason);
        }

        return detector;
    }

    /// <summary>Retrieval reads the corpus, models and index next to the binaries unless the paths are absolute.</summary>
    private static RetrievalOptions ResolvePaths(RetrievalOptions options, AssistantOptions assistant)
    {
        var corpusRoot = Path.GetDirectoryName(AssistantOptions.Resolve(assistant.CorpusPath).TrimEnd('/', '\\'))!;
        options.CorpusPath = Path.IsPathRooted(options.CorpusPath) ? options.CorpusPath : corpusRoot;
        options.ModelsPath = Path.IsPathRooted(options.ModelsPath) ? options.ModelsPath : AssistantOptions.Resolve(assistant.ModelsPath);
        options.IndexPath = AssistantOptions.Resolve(options.IndexPath);
        return options;
    }

    private sealed class RetrievalOptionsValidator : IValidateOptions<RetrievalOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetrievalOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

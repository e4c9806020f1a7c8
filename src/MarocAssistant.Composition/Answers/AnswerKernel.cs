using System.Collections.Concurrent;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace MarocAssistant.Composition.Answers;

/// <summary>
/// The Semantic Kernel that composes answers, built once per process: the template composer as the native function
/// <c>answers.template_answer</c>; with an LLM, the prompt function <c>answers.word_answer</c> over an
/// <see cref="IChatClient"/>, guarded by the <see cref="FactGuardFilter"/>, and the <see cref="ProceduresPlugin"/> the
/// model may call. Kernels are cheap to hold and thread-safe to invoke, so no turn builds one.
/// </summary>
public sealed class AnswerKernel
{
    public const string PluginName = "answers";
    public const string TemplateFunctionName = "template_answer";

    private AnswerKernel(Kernel kernel, KernelFunction templateAnswer, KernelFunction? wordAnswer)
    {
        Kernel = kernel;
        TemplateAnswer = templateAnswer;
        WordAnswer = wordAnswer;
    }

    public Kernel Kernel { get; }

    /// <summary>The template answer: (record, replyLanguage) → <see cref="Reply"/>. No model, no network.</summary>
    public KernelFunction TemplateAnswer { get; }

    /// <summary>The LLM wording, whose result (after the filter) is a <see cref="Reply"/>; null without an LLM.</summary>
    public KernelFunction? WordAnswer { get; }

    /// <summary>The kernel with the template function only: the composition when no LLM is configured.</summary>
    public static AnswerKernel Create(TemplateAnswerComposer templates, ILoggerFactory loggerFactory) =>
        Build(templates, loggerFactory, llm: null);

    /// <summary>The kernel with the LLM wording, its guard and, when given, the procedures the model may call.</summary>
    public static AnswerKernel Create(
        TemplateAnswerComposer templates, ILoggerFactory loggerFactory, IChatClient chat, LlmOptions options, FactGuard guard, ProceduresPlugin? procedures = null) =>
        Build(templates, loggerFactory, (chat, options, guard, procedures));

    private static AnswerKernel Build(
        TemplateAnswerComposer templates, ILoggerFactory loggerFactory, (IChatClient Chat, LlmOptions Options, FactGuard Guard, ProceduresPlugin? Procedures)? llm)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        // SK logs every invocation at Information; one line per turn per function is noise in the host's logs.
        var kernelLogs = new WarningsOnlyLoggerFactory(loggerFactory);
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(kernelLogs);
        var plugins = new KernelPluginCollection();
        var templateAnswer = KernelFunctionFactory.CreateFromMethod(
            (Func<ProcedureRecord, string, Reply>)templates.ComposeAnswer,
            TemplateFunctionName,
            "Renders the answer about one procedure from its record and the editable templates.",
            loggerFactory: kernelLogs);
        KernelFunction? wordAnswer = null;
        if (llm is { } l)
        {
            IReadOnlyList<KernelFunction> tools = [];
            var chat = l.Chat;
            if (l.Procedures is { } procedures && l.Options.FunctionCalling)
            {
                var plugin = KernelPluginFactory.CreateFromObject(procedures, ProceduresPlugin.PluginName, kernelLogs);
                plugins.Add(plugin);
                tools = [.. plugin];

                // Runs the functions the model calls (through the kernel, so its filters apply) and sends back their results.
                chat = chat.AsBuilder().UseKernelFunctionInvocation(kernelLogs).Build();
            }

            services.AddSingleton(chat);

            wordAnswer = AnswerWording.CreateFunction(l.Options, tools, kernelLogs);
        }

        plugins.Add(KernelPluginFactory.CreateFromFunctions(PluginName, wordAnswer is null ? [templateAnswer] : [templateAnswer, wordAnswer]));
        var kernel = new Kernel(services.BuildServiceProvider(), plugins);
        if (llm is { } guarded)
        {
            kernel.FunctionInvocationFilters.Add(new FactGuardFilter(guarded.Guard, templates, loggerFactory.CreateLogger<FactGuardFilter>()));
        }

        return new AnswerKernel(kernel, kernel.Plugins[PluginName][TemplateFunctionName], wordAnswer is null ? null : kernel.Plugins[PluginName][AnswerWording.FunctionName]);
    }

    /// <summary>Passes Warning and above to the host's loggers, so that SK's failures still show.</summary>
    private sealed class WarningsOnlyLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

        public ILogger CreateLogger(string categoryName) =>
            _loggers.GetOrAdd(categoryName, static (name, factory) => new WarningsOnlyLogger(factory.CreateLogger(name)), inner);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The host owns the inner factory.
        }
    }

    private sealed class WarningsOnlyLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

using MarocAssistant.Composition.Llm;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace MarocAssistant.Composition.Answers;

/// <summary>
/// Composes an answer through the <see cref="AnswerKernel"/>: the template function always (it is the answer without
/// an LLM, and the fallback with one); then, when an LLM is configured, the guarded wording within
/// <see cref="LlmOptions.TimeoutSeconds"/> for the whole call, function calls included.
/// </summary>
public sealed partial class KernelAnswerComposer : IAnswerComposer
{
    private readonly AnswerKernel _kernel;
    private readonly TemplateAnswerComposer _templates;
    private readonly TimeSpan _timeout;
    private readonly ILogger<KernelAnswerComposer> _logger;

    public KernelAnswerComposer(AnswerKernel kernel, TemplateAnswerComposer templates, LlmOptions options, ILogger<KernelAnswerComposer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _kernel = kernel;
        _templates = templates;
        _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        _logger = logger;
    }

    public async ValueTask<Reply> ComposeAnswerAsync(ProcedureRecord record, string replyLanguage, CancellationToken cancellationToken = default)
    {
        var arguments = new KernelArguments { [AnswerArguments.Record] = record, [AnswerArguments.ReplyLanguage] = replyLanguage };
        var template = (await _kernel.TemplateAnswer.InvokeAsync(_kernel.Kernel, arguments, cancellationToken)).GetValue<Reply>()!;
        if (_kernel.WordAnswer is not { } wordAnswer)
        {
            return template;
        }

        AnswerWording.AddArguments(arguments, record, replyLanguage, template, _templates);
        arguments[AnswerArguments.CallerCancellation] = cancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            // The FactGuardFilter makes the result a Reply: the checked wording, or the template answer.
            return (await wordAnswer.InvokeAsync(_kernel.Kernel, arguments, timeout.Token)).GetValue<Reply>() ?? template;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The filter answers the deadline itself; this covers a cancellation outside it.
            LogTimeout(record.Id, _timeout.TotalSeconds);
            return template;
        }
    }

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "LLM answer for {Procedure} not used (timeout after {Seconds} s); template answer sent")]
    private partial void LogTimeout(string procedure, double seconds);
}

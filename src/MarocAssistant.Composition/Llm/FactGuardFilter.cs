using System.ClientModel;
using System.Text.Json;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Polly.Timeout;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// The <see cref="FactGuard"/> as a function-invocation filter around <c>word_answer</c>: it resolves the link tokens
/// of the completion, checks every amount, delay, URL and listed item against the record, and turns the result into
/// the reply, with the source line. A violation or an endpoint failure gives the template answer instead. Every other
/// function (the template, the procedures plugin) passes through untouched.
/// </summary>
public sealed partial class FactGuardFilter : IFunctionInvocationFilter
{
    private readonly FactGuard _guard;
    private readonly TemplateAnswerComposer _templates;
    private readonly ILogger<FactGuardFilter> _logger;

    public FactGuardFilter(FactGuard guard, TemplateAnswerComposer templates, ILogger<FactGuardFilter> logger)
    {
        _guard = guard;
        _templates = templates;
        _logger = logger;
    }

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Function.Name != AnswerWording.FunctionName)
        {
            await next(context);
            return;
        }

        var arguments = context.Arguments;
        var record = (ProcedureRecord)arguments[AnswerArguments.Record]!;
        var replyLanguage = (string)arguments[AnswerArguments.ReplyLanguage]!;
        var template = (Reply)arguments[AnswerArguments.Template]!;
        var links = (IReadOnlyList<string>)arguments[AnswerArguments.Links]!;

        string generated;
        try
        {
            await next(context);
            generated = context.Result.GetValue<string>() ?? "";
        }
        catch (Exception ex) when (IsEndpointFailure(ex) || (ex is OperationCanceledException && !CallerCancelled(arguments)))
        {
            // Handled here, so the kernel does not log an error for a fallback that is part of the design.
            LogFallback(record.Id, ex is OperationCanceledException ? "timeout" : ex.GetType().Name);
            context.Result = new FunctionResult(context.Function, template);
            return;
        }

        for (var i = 0; i < links.Count; i++)
        {
            generated = generated.Replace($"[LINK{i + 1}]", links[i], StringComparison.Ordinal);
        }

        var violations = _guard.Check(generated, record, replyLanguage);
        if (violations.Count > 0)
        {
            LogRejected(record.Id, violations.Count, violations[0]);
            context.Result = new FunctionResult(context.Function, template);
            return;
        }

        var source = _templates.SourceLine(template.Citation!, replyLanguage);
        context.Result = new FunctionResult(context.Function, template with { Text = generated.Trim() + "\n\n" + source });
    }

    private static bool CallerCancelled(KernelArguments arguments) =>
        arguments.TryGetValue(AnswerArguments.CallerCancellation, out var token) && token is CancellationToken { IsCancellationRequested: true };

    /// <summary>What an unreachable, failing or slow endpoint throws (cancellation by the caller is not one of them).</summary>
    private static bool IsEndpointFailure(Exception ex) =>
        ex is HttpRequestException or ClientResultException or TimeoutRejectedException or HttpOperationException
            or KernelException or InvalidOperationException or IOException or JsonException;

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "LLM answer for {Procedure} not used ({Reason}); template answer sent")]
    private partial void LogFallback(string procedure, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Fact guard rejected the LLM answer for {Procedure}: {Count} violation(s), first: {First}")]
    private partial void LogRejected(string procedure, int count, string first);
}

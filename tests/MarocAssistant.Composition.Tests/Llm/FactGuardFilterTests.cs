using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Language.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace MarocAssistant.Composition.Tests.Llm;

/// <summary>The fact guard as a kernel function-invocation filter, around a stand-in <c>word_answer</c> function.</summary>
public sealed class FactGuardFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Le passeport coûte 300 DH. Rendez-vous sur [LINK1].", "hallucinated fee")]
    [InlineData("Le passeport coûte 500 DH. Rendez-vous sur https://passeport-maroc.example.com/rdv.", "hallucinated URL")]
    [InlineData("Le passeport coûte 500 DH, délivré en 17 jours. Rendez-vous sur [LINK1].", "hallucinated delay")]
    [InlineData("Le passeport coûte 500 DH.\n- Un certificat de travail signé par l'employeur\n- Un relevé bancaire récent", "hallucinated documents")]
    public async Task Invoke_Hallucination_ResultIsTheTemplateAnswer(string completion, string why)
    {
        var (kernel, arguments, template) = Setup(completion);

        var result = await kernel.InvokeAsync(kernel.Plugins["answers"]["word_answer"], arguments, Ct);

        Assert.True(template == result.GetValue<Reply>(), why);
    }

    [Fact]
    public async Task Invoke_RecordFactsOnly_ResultIsTheWordingWithLinksAndSourceLine()
    {
        var (kernel, arguments, template) = Setup("Le passeport coûte 500 DH. Rendez-vous sur [LINK1].");

        var reply = (await kernel.InvokeAsync(kernel.Plugins["answers"]["word_answer"], arguments, Ct)).GetValue<Reply>()!;

        var source = OpenAIStandIn.Templates.SourceLine(template.Citation!, "fr");
        var links = (IReadOnlyList<string>)arguments[AnswerArguments.Links]!;
        Assert.Equal("Le passeport coûte 500 DH. Rendez-vous sur " + links[0] + ".\n\n" + source, reply.Text);
        Assert.Equal(template.Actions, reply.Actions);
        Assert.Equal(template.Citation, reply.Citation);
    }

    [Fact]
    public async Task Invoke_WordingThrowsEndpointError_ResultIsTheTemplateAnswer()
    {
        var (kernel, arguments, template) = Setup(() => throw new HttpRequestException("connection refused"));

        var result = await kernel.InvokeAsync(kernel.Plugins["answers"]["word_answer"], arguments, Ct);

        Assert.Equal(template, result.GetValue<Reply>());
    }

    [Fact]
    public async Task Invoke_WordingCutByTheDeadline_ResultIsTheTemplateAnswer()
    {
        var (kernel, arguments, template) = Setup(() => throw new TaskCanceledException("deadline"));
        arguments[AnswerArguments.CallerCancellation] = CancellationToken.None;

        var result = await kernel.InvokeAsync(kernel.Plugins["answers"]["word_answer"], arguments, Ct);

        Assert.Equal(template, result.GetValue<Reply>());
    }

    [Fact]
    public async Task Invoke_CallerCancelled_CancellationPassedOn()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (kernel, arguments, _) = Setup(() => throw new OperationCanceledException(cancelled.Token));
        arguments[AnswerArguments.CallerCancellation] = cancelled.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kernel.InvokeAsync(kernel.Plugins["answers"]["word_answer"], arguments, Ct));
    }

    [Fact]
    public async Task Invoke_OtherFunction_PassesThroughUnchecked()
    {
        // "300 DH" would be a violation for word_answer; other functions are not the filter's business.
        var (kernel, arguments, _) = Setup("x");
        var other = kernel.CreateFunctionFromMethod(() => "Le passeport coûte 300 DH.", "other");

        var result = await kernel.InvokeAsync(other, arguments, Ct);

        Assert.Equal("Le passeport coûte 300 DH.", result.GetValue<string>());
    }

    private static (Kernel Kernel, KernelArguments Arguments, Reply Template) Setup(string completion) => Setup(() => completion);

    private static (Kernel Kernel, KernelArguments Arguments, Reply Template) Setup(Func<string> wording)
    {
        var record = OpenAIStandIn.Corpus.Find("passport-first")!;
        var template = OpenAIStandIn.Templates.ComposeAnswer(record, "fr");
        var kernel = new Kernel();
        kernel.Plugins.AddFromFunctions("answers", [KernelFunctionFactory.CreateFromMethod(wording, AnswerWording.FunctionName)]);
        kernel.FunctionInvocationFilters.Add(new FactGuardFilter(
            new FactGuard(new ScriptLanguageDetector()), OpenAIStandIn.Templates, NullLogger<FactGuardFilter>.Instance));
        var arguments = new KernelArguments { [AnswerArguments.Record] = record, [AnswerArguments.ReplyLanguage] = "fr" };
        AnswerWording.AddArguments(arguments, record, "fr", template, OpenAIStandIn.Templates);
        return (kernel, arguments, template);
    }
}

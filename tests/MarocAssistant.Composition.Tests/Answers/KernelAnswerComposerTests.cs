using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Composition.Tests.Llm;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Composition.Tests.Answers;

/// <summary>The kernel composition without an LLM: the template function, byte for byte the template composer's answer.</summary>
public sealed class KernelAnswerComposerTests
{
    [Fact]
    public async Task ComposeAnswer_NoLlm_SameReplyAsTheTemplateComposerForEveryRecordAndLanguage()
    {
        var kernel = AnswerKernel.Create(OpenAIStandIn.Templates, NullLoggerFactory.Instance);
        var composer = new KernelAnswerComposer(kernel, OpenAIStandIn.Templates, new LlmOptions(), NullLogger<KernelAnswerComposer>.Instance);
        Assert.Null(kernel.WordAnswer);

        foreach (var record in OpenAIStandIn.Corpus.Records)
        {
            foreach (var language in ReplyLanguages.All)
            {
                var expected = OpenAIStandIn.Templates.ComposeAnswer(record, language);

                var reply = await composer.ComposeAnswerAsync(record, language, TestContext.Current.CancellationToken);

                Assert.Equal(expected.Text, reply.Text);
                Assert.Equal(expected.Actions, reply.Actions);
                Assert.Equal(expected with { Actions = reply.Actions }, reply);
            }
        }
    }

    [Fact]
    public void Create_NoLlm_ExposesOnlyTheTemplateFunction()
    {
        var kernel = AnswerKernel.Create(OpenAIStandIn.Templates, NullLoggerFactory.Instance);

        Assert.Equal([AnswerKernel.TemplateFunctionName], kernel.Kernel.Plugins[AnswerKernel.PluginName].Select(f => f.Name));
        Assert.Empty(kernel.Kernel.FunctionInvocationFilters);
    }
}

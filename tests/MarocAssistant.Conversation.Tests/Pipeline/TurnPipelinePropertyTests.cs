using FsCheck.Fluent;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Conversation.Tests.Pipeline;

/// <summary>Properties of the whole turn and of its input guard, over generated hostile text.</summary>
public sealed class TurnPipelinePropertyTests
{
    private static readonly Lazy<ServiceProvider> Services = new(() => PipelineFactory.Services());

    [Fact]
    public void RunAsync_AnyText_AnswersWithoutFallingBack()
    {
        var pipeline = Services.Value.GetRequiredService<TurnPipeline>();
        var conversation = 0;
        HostileText.Check(Prop.ForAll(HostileText.AnyText, text =>
        {
            var message = new IncomingMessage("test", "prop-" + Interlocked.Increment(ref conversation), "u", text);
            var turn = pipeline.RunAsync(message, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

            // "fallback" is what a stage that threw produces: no generated text may make a stage throw.
            return turn.Outcome != "fallback" && turn.Replies.Count > 0 && turn.Replies.All(r => r.Text.Length > 0);
        }), tests: 200);
    }

    [Fact]
    public void Clean_AnyText_IsWellFormedIdempotentAndKeepsCleanTextAsIs()
    {
        HostileText.Check(Prop.ForAll(HostileText.AnyText, text =>
        {
            var cleaned = MessageText.Clean(text);
            return MessageText.IsClean(cleaned)
                && cleaned.Length == text.Length
                && MessageText.Clean(cleaned) == cleaned
                && (!MessageText.IsClean(text) || ReferenceEquals(cleaned, text))
                && NormalizesWithoutThrowing(cleaned);
        }), tests: 1000);
    }

    [Fact]
    public void Clean_IllFormed_ReplacedByReplacementCharacter()
    {
        // Kept out of [InlineData]: test-case serialisation would itself replace the lone surrogates.
        (string Text, string Expected)[] cases =
        [
            ("\uD800", "\uFFFD"),
            ("a\uDC00b", "a\uFFFDb"),
            ("x\uFFFE\uFFFF", "x\uFFFD\uFFFD"),
            ("\uFDD0", "\uFFFD"),
            ("😀\U0001FFFE", "😀\uFFFD\uFFFD"),
            ("\uDBFF\uD800\uDC00", "\uFFFD\uD800\uDC00"),
        ];
        foreach (var (text, expected) in cases)
        {
            Assert.Equal(expected, MessageText.Clean(text));
        }
    }

    private static bool NormalizesWithoutThrowing(string text)
    {
        _ = text.Normalize(System.Text.NormalizationForm.FormD);
        _ = text.Normalize(System.Text.NormalizationForm.FormKC);
        return true;
    }
}

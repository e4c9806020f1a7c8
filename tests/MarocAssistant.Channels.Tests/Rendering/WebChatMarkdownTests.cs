using System.Globalization;
using MarocAssistant.Channels.Rendering;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Channels.Tests.Rendering;

public sealed class WebChatMarkdownTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateAnswerComposer Composer = new(
        TemplateSet.LoadFolder(TemplateSet.DefaultFolder), new ManualTimeProvider(DateTimeOffset.Parse("2026-12-05T12:00:00Z", CultureInfo.InvariantCulture)));

    [Fact]
    public void Render_PassportAnswerInFrench_BoldTitleLinkedOfficialServiceAndLinkedSource()
    {
        var reply = Composer.ComposeAnswer(Corpus.Find("passport-renewal")!, "fr");

        var markdown = WebChatMarkdown.Render(reply);

        Assert.StartsWith("**Passeport biométrique", markdown, StringComparison.Ordinal);
        Assert.Contains("**Frais**: 500 DH", markdown, StringComparison.Ordinal);
        Assert.Contains("[passeport.ma](https://www.passeport.ma)", markdown, StringComparison.Ordinal);
        var site = TemplateAnswerComposer.SiteName(reply.Citation!.Url);
        Assert.Contains($"**Source** : [{site}]({reply.Citation.Url}) (officiel, ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StepsAndDocuments_AreMarkdownLists()
    {
        var record = Corpus.Find("passport-renewal")!;

        var steps = WebChatMarkdown.Render(Composer.ComposePart(record, "en", AnswerPart.Steps));
        var documents = WebChatMarkdown.Render(Composer.ComposePart(record, "en", AnswerPart.Documents));

        Assert.Contains("\n\n1. ", steps, StringComparison.Ordinal);
        Assert.Contains("\n2. ", steps, StringComparison.Ordinal);
        Assert.Contains("\n\n- ", documents, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[clic](http://evil.example)", @"\[clic\](http://evil.example)")]
    [InlineData("<script>alert(1)</script>", @"\<script\>alert(1)\</script\>")]
    [InlineData("**gras** _it_ `code` # titre", @"\*\*gras\*\* \_it\_ \`code\` \# titre")]
    public void Render_TextFromCitizenOrRecord_IsEscaped(string text, string expected)
    {
        var markdown = WebChatMarkdown.Render(new Reply(text, "fr", ReplyKind.SmallTalk, []));

        Assert.Equal(expected.Replace("(http://evil.example)", "([evil.example](http://evil.example))", StringComparison.Ordinal), markdown);
    }

    [Fact]
    public void Render_ArabicAnswer_IsolatesLatinSiteNamesAndKeepsPlainNumbers()
    {
        var reply = Composer.ComposeAnswer(Corpus.Find("passport-renewal")!, "ary-Arab");

        var markdown = WebChatMarkdown.Render(reply);

        Assert.Contains("[\u2068passeport.ma\u2069](https://www.passeport.ma)", markdown, StringComparison.Ordinal);
        Assert.Contains("500 درهم", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2068', reply.Text);
    }

    [Theory]
    [InlineData("المصدر: cnie.ma (رسمي، 2024-05-01)", "المصدر: \u2068cnie.ma\u2069 (رسمي، \u20682024-05-01\u2069)")]
    [InlineData("الخطوة 1/3", "الخطوة \u20681/3\u2069")]
    [InlineData("وزارة الداخلية (DGSN)", "وزارة الداخلية (\u2068DGSN\u2069)")]
    [InlineData("500 درهم", "500 درهم")]
    public void Isolate_LatinRunsAndCompoundNumbers_AreWrapped(string text, string expected) =>
        Assert.Equal(expected, BidiIsolates.Isolate(text));
}

public sealed class WhatsAppFormatTests
{
    [Fact]
    public void Render_Answer_BoldTitleAndLabelsAndBareLinks()
    {
        var reply = new Reply("Passeport\nFrais: 500 DH\n\nEn ligne: https://www.passeport.ma", "fr", ReplyKind.Answer, []);

        Assert.Equal("*Passeport*\n*Frais*: 500 DH\n\n*En ligne*: https://www.passeport.ma", WhatsAppFormat.Render(reply));
    }

    [Fact]
    public void Render_ArabicAnswer_IsolatesLatinRuns()
    {
        var reply = new Reply("الباسبور\nفالأنترنيت: https://www.passeport.ma", "ary-Arab", ReplyKind.Answer, []);

        Assert.Equal("*الباسبور*\n*فالأنترنيت*: \u2068https://www.passeport.ma\u2069", WhatsAppFormat.Render(reply));
    }

    [Fact]
    public void Render_SmallTalk_IsLeftAsWritten() =>
        Assert.Equal("Bonjour : que voulez-vous faire ?", WhatsAppFormat.Render(new Reply("Bonjour : que voulez-vous faire ?", "fr", ReplyKind.SmallTalk, [])));
}

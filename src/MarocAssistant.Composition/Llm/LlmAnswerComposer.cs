using System.Text;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// Lets an LLM word the answer, from the record only. Links are given to the model as tokens ([LINK1]...) that are
/// replaced afterwards, so it cannot invent an address; the <see cref="FactGuard"/> then checks every amount, delay,
/// URL and listed item. A guard violation, an error or the timeout (default 3 s) gives the template answer instead.
/// </summary>
public sealed partial class LlmAnswerComposer : IAnswerComposer
{
    private readonly IChatClient _chat;
    private readonly TemplateAnswerComposer _templates;
    private readonly FactGuard _guard;
    private readonly LlmOptions _options;
    private readonly ILogger<LlmAnswerComposer> _logger;

    public LlmAnswerComposer(IChatClient chat, TemplateAnswerComposer templates, FactGuard guard, IOptions<LlmOptions> options, ILogger<LlmAnswerComposer> logger)
    {
        _chat = chat;
        _templates = templates;
        _guard = guard;
        _options = options.Value;
        _logger = logger;
    }

    public async ValueTask<Reply> ComposeAnswerAsync(ProcedureRecord record, string replyLanguage, CancellationToken cancellationToken = default)
    {
        var template = _templates.ComposeAnswer(record, replyLanguage);
        var (prompt, links) = Tokenize(RecordPrompt(record, replyLanguage), record);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        string generated;
        try
        {
            var response = await _chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, SystemPrompt(replyLanguage)), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { Temperature = 0.2f, MaxOutputTokens = _options.MaxOutputTokens },
                timeout.Token);
            generated = response.Text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFallback(record.Id, "timeout");
            return template;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.ClientModel.ClientResultException or InvalidOperationException or IOException)
        {
            LogFallback(record.Id, ex.GetType().Name);
            return template;
        }

        for (var i = 0; i < links.Count; i++)
        {
            generated = generated.Replace($"[LINK{i + 1}]", links[i], StringComparison.Ordinal);
        }

        var violations = _guard.Check(generated, record, replyLanguage);
        if (violations.Count > 0)
        {
            LogRejected(record.Id, violations.Count, violations[0]);
            return template;
        }

        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var source = _templates.Templates.Format(
            language, "source", ("title", template.Citation!.Title + " (" + template.Citation.Url + ")"), ("date", template.Citation.LastReviewed));
        return template with { Text = generated.Trim() + "\n\n" + source };
    }

    /// <summary>Every address in the prompt becomes a token ([LINK1]...), so the model can place links but not write one.</summary>
    private static (string Prompt, List<string> Links) Tokenize(string prompt, ProcedureRecord record)
    {
        var canonical = record.Sources.Select(s => s.Url).Prepend(record.OnlineService?.Url).OfType<string>().ToList();
        var links = new List<string>();
        var tokenized = FactGuard.Urls().Replace(prompt, match =>
        {
            var url = match.Value.TrimEnd('.', ',', ';', ':');
            var index = links.FindIndex(l => FactGuard.SameUrl(l, url));
            if (index < 0)
            {
                // The record's own spelling of the address is the one the citizen gets.
                links.Add(canonical.Find(c => FactGuard.SameUrl(c, url))
                    ?? (url.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? url : "https://" + url));
                index = links.Count - 1;
            }

            return $"[LINK{index + 1}]" + match.Value[url.Length..];
        });
        return (tokenized, links);
    }

    private static string SystemPrompt(string replyLanguage) =>
        "You write one answer of a Moroccan public-service assistant. Use ONLY the facts given in the record. " +
        $"Write in {LanguageName(replyLanguage)}. Keep it under 900 characters, numbered steps, plain text. " +
        "Never write a web address: where a link belongs write its token exactly, e.g. [LINK1]. " +
        "Never add a fee, a delay, a document or a step that the record does not give; if a fact is missing, say that you do not know it. " +
        "Do not write a source line: it is added after your answer.";

    private static string LanguageName(string replyLanguage) => replyLanguage switch
    {
        "ary-Arab" => "Moroccan Darija in Arabic script",
        "ary-Latn" => "Moroccan Darija in Latin script, as Moroccans write it in chat (3=ع, 7=ح, 9=ق)",
        "arb" => "Modern Standard Arabic",
        "en" => "English",
        _ => "French",
    };

    /// <summary>The record, in the reply language, as the only material the model may use.</summary>
    private string RecordPrompt(ProcedureRecord record, string replyLanguage)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var block = record.Block(language);
        var text = new StringBuilder();
        text.Append("Title: ").Append(block.Title).Append('\n');
        text.Append("Summary: ").Append(block.Summary).Append('\n');
        text.Append("Administration: ").Append(record.Administration.Get(language)).Append('\n');
        text.Append("Steps:\n");
        foreach (var step in block.Steps)
        {
            text.Append("- ").Append(step).Append('\n');
        }

        text.Append("Documents:\n");
        foreach (var document in block.Documents)
        {
            text.Append("- ").Append(document).Append('\n');
        }

        text.Append(_templates.FeesLine(record, language)).Append('\n');
        if (record.Delay is { } delay)
        {
            text.Append("Delay: ").Append(delay.Text.Get(language)).Append('\n');
        }

        if (record.WhereToApply is { } where)
        {
            text.Append("Where: ").Append(where.Text.Get(language)).Append('\n');
        }

        if (record.OnlineService is { } online)
        {
            text.Append("Online service: ").Append(online.Url).Append(" (").Append(online.Name).Append(")\n");
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "LLM answer for {Procedure} not used ({Reason}); template answer sent")]
    private partial void LogFallback(string procedure, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Fact guard rejected the LLM answer for {Procedure}: {Count} violation(s), first: {First}")]
    private partial void LogRejected(string procedure, int count, string first);
}

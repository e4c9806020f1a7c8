using System.Text;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// The optional LLM wording of an answer, as a Semantic Kernel prompt function (<c>word_answer</c>) over the kernel's
/// <see cref="Microsoft.Extensions.AI.IChatClient"/>. The model gets the record only, with its links as tokens
/// ([LINK1]...) that the <see cref="FactGuardFilter"/> replaces afterwards, so it cannot invent an address.
/// </summary>
public static class AnswerWording
{
    public const string FunctionName = "word_answer";

    // Chat prompt: SK encodes the variables, so a record's text cannot open a message of its own.
    private const string Template = """
        <message role="system">{{$system}}</message>
        <message role="user">{{$record_text}}</message>
        """;

    /// <summary>The prompt function; with <paramref name="tools"/>, the model may call them (function calling).</summary>
    public static KernelFunction CreateFunction(LlmOptions options, IReadOnlyList<KernelFunction> tools, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new OpenAIPromptExecutionSettings
        {
            Temperature = 0.2,
            MaxTokens = options.MaxOutputTokens,
            FunctionChoiceBehavior = tools.Count > 0
                ? FunctionChoiceBehavior.Auto(tools, autoInvoke: true, new FunctionChoiceBehaviorOptions { AllowParallelCalls = false })
                : null,
        };
        var config = new PromptTemplateConfig
        {
            Name = FunctionName,
            Description = "Words the answer about one procedure from its record, in the citizen's language.",
            Template = Template,
            InputVariables = [new InputVariable { Name = AnswerArguments.System }, new InputVariable { Name = AnswerArguments.RecordText }],
        };
        config.AddExecutionSettings(settings);
        return KernelFunctionFactory.CreateFromPrompt(config, loggerFactory: loggerFactory);
    }

    /// <summary>Adds what <c>word_answer</c> and its filter need to <paramref name="arguments"/> (which holds the record).</summary>
    public static void AddArguments(KernelArguments arguments, ProcedureRecord record, string replyLanguage, Reply template, TemplateAnswerComposer templates)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(templates);
        var (text, links) = Tokenize(RecordFacts(record, replyLanguage, templates), record);
        arguments[AnswerArguments.System] = SystemPrompt(replyLanguage);
        arguments[AnswerArguments.RecordText] = text;
        arguments[AnswerArguments.Links] = links;
        arguments[AnswerArguments.Template] = template;
    }

    /// <summary>Every address in the prompt becomes a token ([LINK1]...), so the model can place links but not write one.</summary>
    internal static (string Prompt, List<string> Links) Tokenize(string prompt, ProcedureRecord record)
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

    private static string Parenthesized(string? mark) => mark is null ? "" : " (" + mark + ")";

    /// <summary>The record, in the reply language, as the only material the model may use.</summary>
    public static string RecordFacts(ProcedureRecord record, string replyLanguage, TemplateAnswerComposer templates)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(templates);
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var block = record.Block(language);
        var text = new StringBuilder();
        text.Append("Title: ").Append(block.Title).Append('\n');
        text.Append("Summary: ").Append(block.Summary).Append('\n');
        text.Append("Administration: ").Append(record.Administration.Get(language)).Append('\n');
        text.Append("Steps").Append(Parenthesized(templates.Mark(record, language, record.StepsSource))).Append(":\n");
        foreach (var step in block.Steps)
        {
            text.Append("- ").Append(step).Append('\n');
        }

        text.Append("Documents").Append(Parenthesized(templates.Mark(record, language, record.DocumentsSource))).Append(":\n");
        foreach (var document in block.Documents)
        {
            text.Append("- ").Append(document).Append('\n');
        }

        // The same facts as the template answer, with its marks ("according to the press") and without expired dates.
        text.Append(templates.FactLines(record, language));
        if (record.OnlineService is { } online)
        {
            text.Append("Online service: ").Append(online.Url).Append(" (").Append(online.Name.Get(language)).Append(")\n");
        }

        return text.ToString();
    }
}

using System.Globalization;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Channels.Tests.WhatsApp;

/// <summary>Issue 18: every answer the assistant can send on WhatsApp, for every record in every language, fits the Cloud API.</summary>
public sealed class WhatsAppEveryAnswerTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateAnswerComposer Composer = new(
        TemplateSet.LoadFolder(TemplateSet.DefaultFolder), new ManualTimeProvider(DateTimeOffset.Parse("2026-12-05T12:00:00Z", CultureInfo.InvariantCulture)));

    private static readonly WhatsAppRecipient ToPhone = new("212600000000", null);

    [Fact]
    public void Build_EveryRecordLanguageAndPart_SendsBodiesWithinTheCloudApiLimits()
    {
        var faults = new List<string>();
        var sent = 0;
        foreach (var record in Corpus.Records)
        {
            foreach (var language in ReplyLanguages.All)
            {
                foreach (var (name, reply) in Replies(record, language))
                {
                    var messages = WhatsAppMessageBuilder.Build(reply, ToPhone);
                    sent += messages.Count;
                    faults.AddRange(Faults(messages).Select(f => $"{record.Id} {language} {name}: {f}"));
                    if (name == "answer" && record.OnlineService is { } online)
                    {
                        // The official link goes previewed, in a text message (interactive bodies show no preview).
                        if (!messages.Any(m => m.Type == "text" && m.Text!.PreviewUrl && m.Text.Body.Contains(online.Url, StringComparison.Ordinal)))
                        {
                            faults.Add($"{record.Id} {language}: the official link is not previewed");
                        }

                        if (messages[^1].Type != "interactive")
                        {
                            faults.Add($"{record.Id} {language}: the detail buttons are missing");
                        }
                    }
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults.Take(40)));
        Assert.True(sent > Corpus.Records.Count * 5 * 8, $"only {sent} messages checked");
    }

    private static IEnumerable<(string Name, Reply Reply)> Replies(ProcedureRecord record, string language)
    {
        yield return ("answer", Composer.ComposeAnswer(record, language));
        foreach (var part in Enum.GetValues<AnswerPart>())
        {
            yield return (part.ToString(), Composer.ComposePart(record, language, part));
        }

        for (var i = 0; Composer.ComposeStep(record, language, i) is { } step; i++)
        {
            yield return ("step " + (i + 1).ToString(CultureInfo.InvariantCulture), step);
        }
    }

    /// <summary>What the Cloud API would refuse (shared/specs/whatsapp: send-text, send-interactive-*).</summary>
    private static IEnumerable<string> Faults(IReadOnlyList<OutgoingMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Type == "text")
            {
                if (message.Text is not { Body.Length: > 0 and <= WhatsAppMessageBuilder.MaxTextBody })
                {
                    yield return $"text body of {message.Text?.Body.Length} characters";
                }

                continue;
            }

            var interactive = message.Interactive!;
            if (interactive.Body.Text.Length is 0 or > WhatsAppMessageBuilder.MaxInteractiveBody)
            {
                yield return $"interactive body of {interactive.Body.Text.Length} characters";
            }

            if (interactive.Type == "button")
            {
                var buttons = interactive.Action.Buttons!;
                if (buttons.Count is 0 or > WhatsAppMessageBuilder.MaxButtons)
                {
                    yield return $"{buttons.Count} reply buttons";
                }

                foreach (var button in buttons.Where(b => b.Reply.Title.Length is 0 or > WhatsAppMessageBuilder.MaxButtonTitle || b.Reply.Id.Length is 0 or > WhatsAppMessageBuilder.MaxButtonId))
                {
                    yield return $"button \"{button.Reply.Title}\" ({button.Reply.Title.Length} characters)";
                }

                if (buttons.Select(b => b.Reply.Title).Distinct(StringComparer.Ordinal).Count() != buttons.Count)
                {
                    yield return "two buttons with the same title";
                }

                continue;
            }

            var rows = interactive.Action.Sections!.SelectMany(s => s.Rows).ToList();
            if (rows.Count is 0 or > WhatsAppMessageBuilder.MaxRows)
            {
                yield return $"{rows.Count} list rows";
            }

            if (interactive.Action.Button is not { Length: > 0 and <= WhatsAppMessageBuilder.MaxListButton })
            {
                yield return $"list button \"{interactive.Action.Button}\"";
            }

            foreach (var row in rows.Where(r => r.Title.Length is 0 or > WhatsAppMessageBuilder.MaxRowTitle
                         || r.Id.Length is 0 or > WhatsAppMessageBuilder.MaxRowId || r.Description?.Length > WhatsAppMessageBuilder.MaxRowDescription))
            {
                yield return $"row \"{row.Title}\" ({row.Title.Length} characters)";
            }

            if (rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != rows.Count)
            {
                yield return "two rows with the same id";
            }
        }
    }
}

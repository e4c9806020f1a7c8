using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Composition;

namespace MarocAssistant.Channels.Tests.WhatsApp;

public sealed class WhatsAppMessageBuilderTests
{
    private static readonly WhatsAppRecipient ToPhone = new("212600000000", "MA.123");

    private static Reply WithActions(int count, string title = "Choix", string text = "Laquelle ?") => new(
        text,
        "fr",
        ReplyKind.Clarify,
        Enumerable.Range(1, count).Select(i => new SuggestedAction($"{title} {i}", $"valeur {i}")).ToList());

    [Fact]
    public void Build_NoActions_IsTextWithoutPreview()
    {
        var message = Assert.Single(WhatsAppMessageBuilder.Build(new Reply("Bonjour", "fr", ReplyKind.SmallTalk, []), ToPhone));

        Assert.Equal("text", message.Type);
        Assert.Equal("212600000000", message.To);
        Assert.Null(message.Recipient);
        Assert.Equal("Bonjour", message.Text!.Body);
        Assert.False(message.Text.PreviewUrl);
    }

    [Fact]
    public void Build_OnlyBusinessScopedUserId_SendsToRecipient()
    {
        var message = Assert.Single(WhatsAppMessageBuilder.Build(new Reply("Salam", "ary-Latn", ReplyKind.SmallTalk, []), new WhatsAppRecipient(null, "US.134")));

        Assert.Null(message.To);
        Assert.Equal("US.134", message.Recipient);
    }

    [Fact]
    public void Build_ThreeActionsWithLongTitles_AreReplyButtonsWithin20CharactersAndUnique()
    {
        var message = Assert.Single(WhatsAppMessageBuilder.Build(WithActions(3, title: "Un titre beaucoup trop long pour un bouton"), ToPhone));

        Assert.Equal("interactive", message.Type);
        Assert.Equal("button", message.Interactive!.Type);
        var buttons = message.Interactive.Action.Buttons!;
        Assert.Equal(3, buttons.Count);
        Assert.All(buttons, b => Assert.InRange(b.Reply.Title.Length, 1, WhatsAppMessageBuilder.MaxButtonTitle));
        Assert.Equal(3, buttons.Select(b => b.Reply.Title).Distinct().Count());
        Assert.Equal("valeur 2", buttons[1].Reply.Id);
    }

    [Fact]
    public void Build_ElevenActions_IsListOfTenRowsWithinLimits()
    {
        var message = Assert.Single(WhatsAppMessageBuilder.Build(WithActions(11, title: "Une démarche au titre vraiment long"), ToPhone));

        Assert.Equal("list", message.Interactive!.Type);
        Assert.Equal("Choisir", message.Interactive.Action.Button);
        var rows = Assert.Single(message.Interactive.Action.Sections!).Rows;
        Assert.Equal(WhatsAppMessageBuilder.MaxRows, rows.Count);
        Assert.All(rows, r => Assert.InRange(r.Title.Length, 1, WhatsAppMessageBuilder.MaxRowTitle));
        Assert.All(rows, r => Assert.InRange(r.Description!.Length, 1, WhatsAppMessageBuilder.MaxRowDescription));
        Assert.Null(message.Interactive.Action.Buttons);
    }

    [Fact]
    public void Build_LongAnswerWithButtons_SplitsBetweenParagraphsAndKeepsEveryWord()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Paragraphe {i} : " + new string('x', 400)).ToList();
        var text = string.Join("\n\n", paragraphs);

        var messages = WhatsAppMessageBuilder.Build(WithActions(2, text: text), ToPhone);

        var last = messages[^1];
        Assert.Equal("interactive", last.Type);
        Assert.InRange(last.Interactive!.Body.Text.Length, 1, WhatsAppMessageBuilder.MaxInteractiveBody);
        Assert.All(messages.SkipLast(1), m => Assert.InRange(m.Text!.Body.Length, 1, WhatsAppMessageBuilder.MaxTextBody));
        var bodies = messages.SkipLast(1).Select(m => m.Text!.Body).Append(last.Interactive.Body.Text);
        Assert.Equal(text, string.Join("\n\n", bodies));
    }

    [Fact]
    public void Split_OneLongLine_CutsWithinTheLimitWithoutLosingText()
    {
        var text = new string('a', 9000);

        var pieces = WhatsAppMessageBuilder.Split(text, WhatsAppMessageBuilder.MaxTextBody);

        Assert.Equal(3, pieces.Count);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, WhatsAppMessageBuilder.MaxTextBody));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void Truncate_ArabicWithCombiningMarks_NeverSplitsALetterFromItsMark()
    {
        var text = string.Concat(Enumerable.Repeat("بِ", 30));

        var cut = WhatsAppMessageBuilder.Truncate(text, 20);

        Assert.True(cut.Length <= 20);
        Assert.Equal('ِ', cut[^2]);
    }
}

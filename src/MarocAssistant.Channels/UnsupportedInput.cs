using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Channels;

/// <summary>
/// The polite reply to what the assistant cannot read (voice notes, images, locations, files): what it does read,
/// in Darija (both scripts), French and Arabic, since nothing written tells the language yet.
/// The texts are the editable template <c>unsupported_media</c>.
/// </summary>
public sealed class UnsupportedInput
{
    public const string TemplateKey = "unsupported_media";

    private readonly TemplateAnswerComposer _templates;

    public UnsupportedInput(TemplateAnswerComposer templates)
    {
        _templates = templates;
    }

    public Reply Reply()
    {
        var text = string.Join(
            "\n\n",
            new[] { RecordLanguage.AryLatn, RecordLanguage.Ary, RecordLanguage.Fr, RecordLanguage.Ar }
                .Select(language => _templates.Templates.Get(language, TemplateKey)));
        return new Reply(text, LanguageLabels.DarijaLatin, ReplyKind.OutOfScope, []);
    }
}

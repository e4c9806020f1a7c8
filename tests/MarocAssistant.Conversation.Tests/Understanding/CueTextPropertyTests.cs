using FsCheck.Fluent;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Testing;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class CueTextPropertyTests
{
    [Fact]
    public void Normalize_WellFormedText_IsPaddedAndIdempotent()
    {
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, text =>
        {
            var once = CueText.Normalize(text);
            return once.StartsWith(' ') && once.EndsWith(' ') && CueText.Normalize(once) == once;
        }), tests: 500);
    }

    [Fact]
    public void Understand_WellFormedText_NeverThrows()
    {
        var understanding = new CueTurnUnderstanding(CueTurnUnderstanding.DefaultPath);
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, text => understanding.Understand(text) is not null), tests: 500);
    }
}

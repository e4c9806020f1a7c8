using MarocAssistant.Conversation.Observability;
using MarocAssistant.Conversation.Privacy;

namespace MarocAssistant.Conversation.Tests.Observability;

public sealed class TurnLogTests
{
    [Fact]
    public void NewTurnId_ManyIds_SixteenLettersUniqueAndNeverRedacted()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => TurnLog.NewTurnId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[a-p]{16}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Equal("Turn " + id, PersonalDataRedactor.Redact("Turn " + id)));
    }
}

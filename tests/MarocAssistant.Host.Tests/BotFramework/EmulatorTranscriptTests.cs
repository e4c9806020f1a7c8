using System.Text.Json;
using System.Text.Json.Nodes;
using MarocAssistant.Activities;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.BotFramework;

public sealed class EmulatorTranscriptTests
{
    [Fact]
    public void Deserialize_EmulatorTranscript_RoundTripsWithoutLoss()
    {
        var path = RepoPaths.FixtureFile("botframework", "emulator-sample-conversation.transcript");
        var original = File.ReadAllText(path);

        var activities = JsonSerializer.Deserialize(original, ActivityJsonContext.Default.ListActivity)!;
        var written = JsonSerializer.Serialize(activities, ActivityJsonContext.Default.ListActivity);

        Assert.Equal(7, activities.Count);
        Assert.Equal(2, activities.Count(a => a.Type == ActivityTypes.ConversationUpdate));
        Assert.All(activities, a => Assert.Equal("emulator", a.ChannelId));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)), "The transcript changed on a round trip.");
    }
}

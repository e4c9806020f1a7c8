using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Activities;
using MarocAssistant.Testing;

namespace MarocAssistant.Activities.Tests;

public sealed class TranscriptFileTests
{
    [Fact]
    public void Parse_EmulatorTranscript_RoundTripsWithoutLoss()
    {
        var path = RepoPaths.FixtureFile("botframework", "emulator-sample-conversation.transcript");
        var original = File.ReadAllBytes(path);

        var activities = TranscriptFile.Parse(original);
        var written = TranscriptFile.Serialize(activities);

        Assert.Equal(7, activities.Count);
        Assert.Equal(["user", "user"], activities.Where(a => a.From?.Role == "user").Select(a => a.From!.Role));
        Assert.Equal("Hello", activities[3].Text);
        Assert.Single(activities[0].MembersAdded!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)), "The transcript changed on a round trip.");
    }

    [Fact]
    public void Parse_FieldsTheModelDoesNotKnow_KeptOnRoundTrip()
    {
        var original = """[{"type":"message","text":"salam","x-emulator":{"pinned":true},"from":{"id":"u","aadObjectId":"a1"},"suggestedActions":{"actions":[],"x-hint":1}}]"""u8.ToArray();

        var activities = TranscriptFile.Parse(original);
        var written = TranscriptFile.Serialize(activities);

        Assert.True(activities[0].Extra!.ContainsKey("x-emulator"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)), "The transcript changed on a round trip.");
    }

    [Fact]
    public void Parse_ObjectFormAndBom_Accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat("""{"transcript":[{"type":"message","text":"salam"},{"text":"no type"}]}"""u8.ToArray()).ToArray();

        var activities = TranscriptFile.Parse(bytes);

        Assert.Equal("salam", Assert.Single(activities).Text);
    }

    [Fact]
    public void Serialize_ArabicText_WrittenAsUtf8WithoutBomOrEscapes()
    {
        var bytes = TranscriptFile.Serialize([new Activity { Type = "message", Text = "بغيت نجدد الباسبور" }]);

        Assert.Equal((byte)'[', bytes[0]);
        Assert.Contains("بغيت نجدد الباسبور", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("[\n{\"type\":\"message\",\"text\":\"a\"}\n]\n")]
    [InlineData("[{\"type\":\"message\",\"text\":\"a\"}]   \r\n")]
    public async Task AppendAsync_AnyArrayEnding_StaysOneValidArray(string existing)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".transcript");
        await File.WriteAllTextAsync(path, existing, TestContext.Current.CancellationToken);
        try
        {
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            {
                await TranscriptFile.AppendAsync(file, [new Activity { Type = "message", Text = "b" }], TestContext.Current.CancellationToken);
                await TranscriptFile.AppendAsync(file, [new Activity { Type = "message", Text = "c" }, new Activity { Type = "event", Name = "handoff" }], TestContext.Current.CancellationToken);
            }

            var activities = await TranscriptFile.ReadAsync(path, TestContext.Current.CancellationToken);
            var expected = existing.Contains("\"a\"", StringComparison.Ordinal) ? new[] { "a", "b", "c", null } : ["b", "c", null];
            Assert.Equal(expected, activities.Select(a => a.Text));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Conversation.State;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>
/// Several hundred generated malformed or hostile requests (<see cref="BadInputCatalog"/>) against every endpoint of one
/// host. Each must get an answer below 500, every refusal a 4xx with a ProblemDetails body, every accepted message a
/// reply, no unhandled exception in the logs, and a refused request must leave nothing written.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputFixture>
{
    private readonly BadInputFixture _fixture;

    public BadInputTests(BadInputFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> CaseNames => [.. BadInputCatalog.All.Keys];

    [Fact]
    public void Catalog_HasAtLeastThreeHundredCases() => Assert.InRange(BadInputCatalog.All.Count, 300, 2000);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Send_HostileInput_NoServerErrorAndProblemDetailsAndNothingHalfWritten(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var @case = BadInputCatalog.All[name];
        var store = _fixture.Host.Service<IDirectLineStore>();
        var watermarkBefore = await store.LatestWatermarkAsync(_fixture.ConversationId, ct);
        var unhandledBefore = _fixture.Host.Logs.Unhandled.Count;
        var stateBefore = await _fixture.Host.Service<IConversationStore>().GetAsync("emulator:c", ct);

        using var request = @case.Build(_fixture);
        using var response = await _fixture.Client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;

        Assert.True(status < 500, $"{name}: {status} {body}");
        if (status >= 400)
        {
            Assert.True(BadInputCatalog.IsProblemDetails(response, body), $"{name}: {status} without ProblemDetails: {response.Content.Headers.ContentType} {body}");
            Assert.False(BadInputCatalog.ShowsParserInternals(body), $"{name}: {status} shows parser internals: {body}");
        }

        switch (@case.Expect)
        {
            case Expect.Refused:
                Assert.InRange(status, 400, 499);
                break;
            case Expect.Answered:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await AssertAnsweredAsync(@case, body, watermarkBefore ?? 0, ct);
                break;
        }

        if (status >= 400 && @case.Target == Target.DirectLineActivity)
        {
            Assert.Equal(watermarkBefore, await store.LatestWatermarkAsync(_fixture.ConversationId, ct));
        }

        if (status >= 400 && @case.Target == Target.BotMessages)
        {
            var stateAfter = await _fixture.Host.Service<IConversationStore>().GetAsync("emulator:c", ct);
            Assert.Equal(stateBefore?.TurnCount, stateAfter?.TurnCount);
        }

        var unhandled = _fixture.Host.Logs.Unhandled.Skip(unhandledBefore).ToList();
        Assert.True(unhandled.Count == 0, name + ": " + string.Join("\n", unhandled));
    }

    private async Task AssertAnsweredAsync(BadInputCase @case, string body, long watermarkBefore, CancellationToken ct)
    {
        switch (@case.Target)
        {
            case Target.BotMessages:
                var replies = JsonNode.Parse(body)!["activities"]!.AsArray();
                Assert.Contains(replies, r => (string?)r!["type"] == "message" && !string.IsNullOrWhiteSpace((string?)r["text"]));
                break;
            case Target.DirectLineActivity:
                var (activities, _) = await _fixture.DirectLine.ReadAsync(_fixture.ConversationId, _fixture.Token, watermarkBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
                Assert.Contains(activities, a => (string?)a!["from"]?["role"] == "bot" && !string.IsNullOrWhiteSpace((string?)a["text"]));
                break;
            case Target.WhatsApp:
                var phone = (string)JsonNode.Parse(await @case.Build(_fixture).Content!.ReadAsStringAsync(ct))!["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!["from"]!;
                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    limit.CancelAfter(TimeSpan.FromSeconds(20));
                    while (!_fixture.Graph.MessageSends.Any(r => r.Body.Contains("\"to\":\"" + phone + "\"", StringComparison.Ordinal)))
                    {
                        await Task.Delay(10, limit.Token);
                    }
                }

                break;
        }
    }
}

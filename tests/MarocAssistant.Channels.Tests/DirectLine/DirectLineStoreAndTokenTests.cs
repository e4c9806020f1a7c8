using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Channels.DirectLine;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.Tests.DirectLine;

public sealed class DirectLineStoreAndTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IOptions<DirectLineOptions> Options(Action<DirectLineOptions>? change = null)
    {
        var options = new DirectLineOptions { TokenSigningKey = "unit-test-signing-key-0123456789-abcdef" };
        change?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    [Fact]
    public async Task Append_BeyondLimit_DropsOldestButKeepsCountingWatermarks()
    {
        var store = new InMemoryDirectLineStore(Options(o => o.MaxActivitiesPerConversation = 10), new ManualClock());
        await store.CreateAsync("c1", Ct);

        for (var i = 0; i < 15; i++)
        {
            await store.AppendAsync("c1", [new Activity { Type = "message", Text = "m" + i }], Ct);
        }

        var page = await store.ReadAsync("c1", 0, 100, Ct);
        Assert.Equal(10, page!.Activities.Count);
        Assert.Equal(6, page.Activities[0].Watermark);
        Assert.Equal(15, page.Watermark);
        Assert.Contains("\"id\":\"c1|0000015\"", page.Activities[^1].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_IdleTooLong_IsForgottenAndWakesWaiters()
    {
        var clock = new ManualClock();
        var store = new InMemoryDirectLineStore(Options(o => o.ConversationIdleMinutes = 5), clock);
        await store.CreateAsync("c1", Ct);
        var waiting = store.WaitForActivityAsync("c1", 0, Ct);

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.False(await store.ExistsAsync("c1", Ct));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Null(await store.ReadAsync("c1", 0, 10, Ct));
    }

    [Fact]
    public async Task Create_WhenFull_Throws()
    {
        var store = new InMemoryDirectLineStore(Options(o => o.MaxConversations = 1), new ManualClock());
        await store.CreateAsync("c1", Ct);

        Assert.False(await store.CreateAsync("c1", Ct));
        await Assert.ThrowsAsync<DirectLineFullException>(() => store.CreateAsync("c2", Ct));
    }

    [Fact]
    public async Task Validate_TamperedToken_IsInvalid()
    {
        var tokens = new DirectLineTokens(Options(), new ManualClock());
        var token = tokens.Issue("conv-1", "dl_user");
        var parts = token.Split('.');
        var forged = DirectLineClient.Claims(token);
        forged["conv"] = "conv-2";
        var forgedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(forged.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var (valid, grant) = await tokens.ValidateAsync(token);
        var (tampered, _) = await tokens.ValidateAsync(parts[0] + "." + forgedPayload + "." + parts[2]);
        var (otherKey, _) = await new DirectLineTokens(Options(o => o.TokenSigningKey = "another-signing-key-0123456789-abcdef"), new ManualClock()).ValidateAsync(token);

        Assert.Equal(TokenStatus.Valid, valid);
        Assert.Equal("conv-1", grant!.ConversationId);
        Assert.Equal("dl_user", grant.UserId);
        Assert.Equal(TokenStatus.Invalid, tampered);
        Assert.Equal(TokenStatus.Invalid, otherKey);
    }

    [Fact]
    public void Options_ShortSigningKey_FailsValidation()
    {
        var options = new DirectLineOptions { TokenSigningKey = "short", Secret = "tiny" };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(2, errors.Count);
    }
}

using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Recording.Privacy;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Recording.Tests.Privacy;

public sealed class ConversationEraserTests
{
    [Fact]
    public async Task EraseAsync_StateKeptUnderChannel_RemovedAndReported()
    {
        var store = new InMemoryConversationStore(TimeProvider.System, TimeSpan.FromHours(1));
        await store.SetAsync("whatsapp:conv-1", new ConversationState { TurnCount = 3 }, TestContext.Current.CancellationToken);
        var eraser = new ConversationEraser([new ConversationStateErasure(store)], NullLogger<ConversationEraser>.Instance);

        var report = await eraser.EraseAsync("conv-1", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["state"], report.Erased);
        Assert.Null(await store.GetAsync("whatsapp:conv-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EraseAsync_UnknownConversation_NotFound()
    {
        var store = new InMemoryConversationStore(TimeProvider.System, TimeSpan.FromHours(1));
        var eraser = new ConversationEraser([new ConversationStateErasure(store)], NullLogger<ConversationEraser>.Instance);

        var report = await eraser.EraseAsync("nobody", "directline", TestContext.Current.CancellationToken);

        Assert.False(report.Found);
    }

    [Fact]
    public async Task EraseAsync_OneStoreFails_OthersStillErasedThenFailureRaised()
    {
        var store = new InMemoryConversationStore(TimeProvider.System, TimeSpan.FromHours(1));
        await store.SetAsync("directline:c9", new ConversationState(), TestContext.Current.CancellationToken);
        var eraser = new ConversationEraser([new FailingErasure(), new ConversationStateErasure(store)], NullLogger<ConversationEraser>.Instance);

        await Assert.ThrowsAsync<AggregateException>(() => eraser.EraseAsync("c9", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Null(await store.GetAsync("directline:c9", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EraseAsync_ConversationOnTheAgentDesk_QueueHistoryAndAdministrationRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        var desk = new InMemoryAgentDeskStore(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        await desk.SetAdministrationAsync("conv-d", "commune", TimeSpan.FromMinutes(5), ct);
        await desk.AddAsync(new DeskEntry("conv-d", "webchat", "commune", "Transfert vers un agent", "fr", null, now, now), ct);
        await desk.TakeAsync("conv-d", "salma", now, ct);
        await desk.AppendMessageAsync("conv-d", new DeskMessage(now, DeskMessage.Citizen, "bonjour"), ct);
        var eraser = new ConversationEraser([new AgentDeskErasure(desk)], NullLogger<ConversationEraser>.Instance);

        var report = await eraser.EraseAsync("conv-d", cancellationToken: ct);

        Assert.Equal(["desk"], report.Erased);
        Assert.Null(await desk.GetAsync("conv-d", ct));
        Assert.Empty(await desk.MessagesAsync("conv-d", ct));
        Assert.Null(await desk.AdministrationAsync("conv-d", ct));
        Assert.False((await eraser.EraseAsync("conv-d", cancellationToken: ct)).Found);
    }

    private sealed class FailingErasure : IConversationErasure
    {
        public string Name => "feedback";

        public ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default) =>
            throw new IOException("disk gone");
    }
}

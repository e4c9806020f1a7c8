using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using MarocAssistant.Recording.Privacy;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.Tests.DirectLine;

public sealed class DirectLineErasureTests
{
    [Fact]
    public async Task Erase_ConversationWithActivities_ForgetsItsLogOnly()
    {
        var store = new InMemoryDirectLineStore(Options.Create(new DirectLineStoreOptions()), TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;
        await store.CreateAsync("gone", ct);
        await store.CreateAsync("kept", ct);
        await store.AppendAsync("gone", [new Activity { Type = ActivityTypes.Message, Text = "cin dyali AB123456" }], ct);
        await store.AppendAsync("kept", [new Activity { Type = ActivityTypes.Message, Text = "salam" }], ct);

        var erased = await new DirectLineErasure(store).EraseAsync(new ConversationErasureRequest("gone", ["directline"]), ct);

        Assert.True(erased);
        Assert.False(await store.ExistsAsync("gone", ct));
        Assert.True(await store.ExistsAsync("kept", ct));
        Assert.False(await new DirectLineErasure(store).EraseAsync(new ConversationErasureRequest("gone", ["directline"]), ct));
    }
}

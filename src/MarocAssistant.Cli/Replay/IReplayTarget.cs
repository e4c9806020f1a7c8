namespace MarocAssistant.Cli.Replay;

/// <summary>Something that holds conversations with the assistant: the pipeline in process, or a host over Direct Line.</summary>
internal interface IReplayTarget : IAsyncDisposable
{
    /// <summary>Shown in reports: <c>in process</c> or the Direct Line URL.</summary>
    string Description { get; }

    /// <summary>Opens a new conversation, sharing nothing with the others.</summary>
    Task<IReplayConversation> StartAsync(CancellationToken cancellationToken = default);
}

/// <summary>One conversation on a target.</summary>
internal interface IReplayConversation : IAsyncDisposable
{
    /// <summary>What the assistant says when the conversation starts (its welcome), if anything.</summary>
    Task<ObservedTurn> WelcomeAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends one user message and returns what came back for it.</summary>
    Task<ObservedTurn> SendAsync(string text, CancellationToken cancellationToken = default);
}

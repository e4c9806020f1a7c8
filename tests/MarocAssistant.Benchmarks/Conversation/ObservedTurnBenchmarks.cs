using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using MarocAssistant.Conversation;
using MarocAssistant.Conversation.Observability;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Benchmarks.Conversation;

/// <summary>
/// One whole turn as the host runs it: every stage wrapped for timing (<see cref="MeasuredStages"/>) and the
/// assistant's meter listened to (the host's metrics reader does). <see cref="Traced"/> false: nobody listens to the
/// activity source <c>MarocAssistant</c> (the host without <c>OpenTelemetry:Endpoint</c>); true: a listener samples
/// every turn and stage activity (the cost of tracing them).
/// </summary>
[MemoryDiagnoser]
public class ObservedTurnBenchmarks : IDisposable
{
    private ServiceProvider _services = null!;
    private TurnPipeline _pipeline = null!;
    private IConversationStore _store = null!;
    private MeterListener _meters = null!;
    private ActivityListener? _activities;
    private long _measurements;
    private int _conversation;

    [Params("bghit njded lbasbor dyali", "salam")]
    public string Message { get; set; } = "";

    [Params(false, true)]
    public bool Traced { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging().AddMarocAssistant(new ConfigurationBuilder().Build()).AddTurnMetrics().BuildServiceProvider();
        _pipeline = _services.GetRequiredService<TurnPipeline>();
        _store = _services.GetRequiredService<IConversationStore>();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "MarocAssistant")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.Start();
        if (Traced)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "MarocAssistant",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activities);
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _activities?.Dispose();
        _meters.Dispose();
        _services.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The whole turn, each time in a new conversation (so that every turn does the same work).</summary>
    [Benchmark]
    public async Task<int> Turn()
    {
        var id = "bench-" + (Interlocked.Increment(ref _conversation) & 4095);
        await _store.DeleteAsync("bench:" + id);
        var result = await _pipeline.RunAsync(new IncomingMessage("bench", id, "u", Message));
        return result.Replies.Count;
    }
}

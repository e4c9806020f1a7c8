using BenchmarkDotNet.Attributes;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Benchmarks.Conversation;

/// <summary>
/// One whole turn in process, without an LLM (the host's default composition: templates, in-memory state), per kind
/// of message; and each stage of it alone: language, understand, retrieve, compose, state. Target: a full turn ≤ 1 ms p50.
/// </summary>
[MemoryDiagnoser]
public class TurnBenchmarks
{
    private ServiceProvider _services = null!;
    private TurnPipeline _pipeline = null!;
    private ILanguageDetector _detector = null!;
    private ITurnUnderstanding _understanding = null!;
    private IProcedureSearch _search = null!;
    private IAnswerComposer _composer = null!;
    private IConversationStore _store = null!;
    private ProcedureRecord _record = null!;
    private int _conversation;

    [Params("bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "salam")]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging().AddMarocAssistant(new ConfigurationBuilder().Build()).BuildServiceProvider();
        _pipeline = _services.GetRequiredService<TurnPipeline>();
        _detector = _services.GetRequiredService<ILanguageDetector>();
        _understanding = _services.GetRequiredService<ITurnUnderstanding>();
        _search = _services.GetRequiredService<IProcedureSearch>();
        _composer = _services.GetRequiredService<IAnswerComposer>();
        _store = _services.GetRequiredService<IConversationStore>();
        _record = _services.GetRequiredService<ProcedureCorpus>().Find("passport-first")!;
        Console.WriteLine($"// search: {_search.GetType().Name}, detector: {_detector.GetType().Name}, composer: {_composer.GetType().Name}");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>The whole turn, each time in a new conversation (so that every turn does the same work).</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Turn()
    {
        var id = "bench-" + (Interlocked.Increment(ref _conversation) & 4095);
        await _store.DeleteAsync("bench:" + id);
        var result = await _pipeline.RunAsync(new IncomingMessage("bench", id, "u", Message));
        return result.Replies.Count;
    }

    [Benchmark]
    public LanguageResult Language() => _detector.Detect(Message);

    [Benchmark]
    public TurnIntent Understand() => _understanding.Understand(Message).Intent;

    [Benchmark]
    public async Task<int> Retrieve() => (await _search.SearchAsync(new SearchQuery(Message, LanguageLabels.DarijaLatin))).Candidates.Count;

    [Benchmark]
    public async Task<int> Compose() => (await _composer.ComposeAnswerAsync(_record, LanguageLabels.DarijaLatin)).Text.Length;

    [Benchmark]
    public async Task<int> State()
    {
        var state = await _store.GetAsync("bench:state") ?? new ConversationState();
        await _store.SetAsync("bench:state", state with { TurnCount = state.TurnCount + 1 });
        return state.TurnCount;
    }
}

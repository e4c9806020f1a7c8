using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MarocAssistant.Activities;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation;
using MarocAssistant.Conversation.Dialog;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Benchmarks.Conversation;

/// <summary>
/// One answered turn cut into the stages it runs, each alone on the message, so that their costs (time and, above all,
/// allocated bytes, which the machine's load does not move) add up to the turn's: language ID, the cue understanding,
/// the message-kind model, the procedure mentions, the search, the whole dialog policy (understand → search → decide →
/// compose, without the state), the composed answer, the reply activity as <c>/api/messages</c> renders it (markdown,
/// buttons, channelData) and its JSON.
/// </summary>
[MemoryDiagnoser]
public class TurnStageBenchmarks : IDisposable
{
    private static readonly IncomingMessage Incoming = new("bench", "stages", "u", "");

    private ServiceProvider _services = null!;
    private ILanguageDetector _detector = null!;
    private ITurnUnderstanding _understanding = null!;
    private MessageKinds _kinds = null!;
    private ProcedureMentions _mentions = null!;
    private IProcedureSearch _search = null!;
    private IAnswerComposer _composer = null!;
    private TemplateAnswerComposer _templates = null!;
    private DialogPolicy _dialog = null!;
    private ProcedureRecord _record = null!;
    private LanguageResult _detected = null!;
    private string _replyLanguage = "";
    private Reply _reply = null!;
    private TurnResult _turn = null!;
    private Activity _incomingActivity = null!;
    private ExpectedReplies _replies = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private Utf8JsonWriter _writer = null!;

    [Params("bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?")]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging().AddMarocAssistant(new ConfigurationBuilder().Build()).BuildServiceProvider();
        _detector = _services.GetRequiredService<ILanguageDetector>();
        _understanding = _services.GetRequiredService<ITurnUnderstanding>();
        _kinds = _services.GetRequiredService<MessageKinds>();
        _mentions = _services.GetRequiredService<ProcedureMentions>();
        _search = _services.GetRequiredService<IProcedureSearch>();
        _composer = _services.GetRequiredService<IAnswerComposer>();
        _templates = _services.GetRequiredService<TemplateAnswerComposer>();
        var corpus = _services.GetRequiredService<ProcedureCorpus>();
        _dialog = new DialogPolicy(
            _understanding, _mentions, _services.GetRequiredService<NotCoveredTopics>(), _search, _composer, _templates, corpus,
            _services.GetRequiredService<IOptions<RetrievalOptions>>().Value, _kinds, _services.GetService<ProcedureVocabulary>(),
            _services.GetService<ProcedureFamilies>() ?? ProcedureFamilies.Empty);

        // The answer this message gets in a new conversation: the record, language and reply the later stages start from.
        _detected = _detector.Detect(Message);
        _replyLanguage = ReplyLanguages.ForDetected(_detected.Label) ?? LanguageLabels.French;
        _turn = _dialog.UnderstandAndAnswerAsync(Incoming with { Text = Message }, Message, _detected, _replyLanguage, new ConversationState(), default)
            .GetAwaiter().GetResult().Result;
        _record = corpus.Find(_turn.ProcedureId ?? throw new InvalidOperationException($"'{Message}' is not answered: {_turn.Outcome}"))!;
        _reply = _turn.Replies[0];
        _incomingActivity = new Activity
        {
            Type = ActivityTypes.Message, Id = "load-1", ChannelId = "emulator", ServiceUrl = "http://127.0.0.1:9",
            From = new ChannelAccount { Id = "load-user-1", Role = "user" }, Recipient = new ChannelAccount { Id = "bot", Role = "bot" },
            Conversation = new ConversationAccount { Id = "load-1" }, Text = Message, DeliveryMode = "expectReplies",
        };
        _replies = new ExpectedReplies { Activities = [ActivityMapper.ToActivity(_reply, _incomingActivity, _turn)] };
        _writer = new Utf8JsonWriter(_buffer);
        Console.WriteLine($"// {Message}: {_turn.Outcome} {_turn.ProcedureId} in {_replyLanguage}, {_reply.Text.Length} chars, {_reply.Actions.Count} buttons");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _writer.Dispose();
        _services.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public LanguageResult Language() => _detector.Detect(Message);

    [Benchmark]
    public TurnIntent Understand() => _understanding.Understand(Message).Intent;

    [Benchmark]
    public float Kinds() => _kinds.Score(Message).Admin;

    [Benchmark]
    public int Mentions() => _mentions.Named(Message).Count;

    [Benchmark]
    public async Task<int> Search() => (await _search.SearchAsync(new SearchQuery(Message, _detected.Label))).Candidates.Count;

    /// <summary>The dialog policy on a new conversation: every stage but language ID and the state store.</summary>
    [Benchmark]
    public async Task<int> Dialog() =>
        (await _dialog.UnderstandAndAnswerAsync(Incoming with { Text = Message }, Message, _detected, _replyLanguage, new ConversationState(), default)).Result.Replies.Count;

    /// <summary>The answer through the answer kernel (as the dialog policy composes it).</summary>
    [Benchmark]
    public async Task<int> Compose() => (await _composer.ComposeAnswerAsync(_record, _replyLanguage)).Text.Length;

    /// <summary>The reply activity of <c>/api/messages</c>: markdown, buttons, locale, channelData.</summary>
    [Benchmark]
    public int ReplyActivity() => ActivityMapper.ToActivity(_reply, _incomingActivity, _turn).Text!.Length;

    /// <summary>The <c>expectReplies</c> body, as <c>Results.Json</c> writes it.</summary>
    [Benchmark]
    public long Serialize()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _replies, ActivityJsonContext.Default.ExpectedReplies);
        return _writer.BytesCommitted;
    }
}

using System.Text.Json;
using MarocAssistant.Cli.Commands;
using MarocAssistant.Cli.Evaluation;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Cli.Tests.Evaluation;

public sealed class ConversationEvaluatorTests
{
    // Floors a little under what was measured, so that a change that breaks follow-ups, pending choices or the not-covered
    // reply fails here. On 2026-12-06 a fourth writer's 142 conversations (w4, written without seeing the code) were split
    // between both parts; they are harder than the first three writers' (before: dev 0.925, test 0.873; with w4 and no
    // other change: dev 0.885, test 0.825). At the end of that session: dev 0.9066, test 0.8579; at the end of the next
    // (families, vocabulary, off-topic thresholds): dev 0.9368, test 0.8835, tuning off-topic 0.575, not covered 0.63; after
    // the message-kind model's second batch of data and 111 more topics not covered: dev 0.9412, test 0.8825, tuning
    // off-topic 0.785, not covered 0.725. A fifth writer's 120 conversations (w5, written seeing only the list of covered
    // procedures) were then split between both parts: alone they scored 0.7575; with them dev 0.9529 -> 0.9271 and test
    // 0.8846 -> 0.8632, and after that session's fixes dev 0.9328, test 0.8685. A sixth group of writers' 200
    // conversations (w6, four writers seeing only the list of covered procedures, many situations, asides, refusals in
    // context) scored 0.644 alone; split odd/even, dev 0.9347 -> 0.8828 and test 0.8685 -> 0.8190 (test hijacks 3 -> 5),
    // and after that session's model-reading of asides, more situation questions and not-covered negatives for the
    // encoder: dev 0.8925, test 0.8289, tuning off-topic 0.795, not covered 0.815 (hijacks dev 4, test 5). A seventh
    // group's 112 conversations (w7, same brief) scored 0.6833 alone (0.6286 with the code that session started from);
    // split odd/even: dev 0.8728, test 0.8104 (the session's starting code on the same sets: 0.8507, 0.7911); after
    // "a company" stopped naming company creation: dev 0.8760, test 0.8104, tuning off-topic 0.805, not covered 0.845.
    // An eighth group's 148 conversations (w8, three writers, same brief) scored 0.6553 with the code the next session
    // started from and 0.6974 when they were split odd/even (dev 0.8720, test 0.8190 then; that session's starting code
    // on the same sets: 0.8530, 0.7909); at the end of that session dev 0.8963, test 0.8220, off-topic 0.825, not covered
    // 0.845, the w8 test half (never looked at) 0.6559 -> 0.7166. The session after that (2026-12-07, seventh): dev 0.8963
    // -> 0.9098, test 0.8220 -> 0.8266, the w8 test half 0.7126 -> 0.7287, off-topic 0.825 -> 0.825, not covered 0.845 ->
    // 0.830; a ninth group's 158 conversations (w9, three writers, same brief), kept outside the repository as an outside
    // set and never looked at turn by turn, 0.7509 -> 0.7647. The eighth session (2026-12-07): dev 0.9098 -> 0.9222, test
    // 0.8266 -> 0.8450, off-topic 0.825, not covered 0.830 -> 0.855, hijacks dev 6 -> 5, test 5; floors raised to match
    // (w9 was no longer on the machine that session and was not measured). The ninth session (2026-12-07): the
    // training questions as a third search branch, the dense tie-break, the encoder retrained with a `pet` concept and
    // a few not-covered topics: dev 0.9222 -> 0.9308, test 0.8450 -> 0.8562, off-topic 0.825 -> 0.810, not covered
    // 0.855 -> 0.880, hijacks dev 5 -> 5, test 5 -> 5. The tenth session (2026-12-07): a tenth group's 158 conversations
    // (w10, three writers, same brief) scored 0.7371 alone with the code of 3e20b73 (dev 0.9341, test 0.8633 then); split
    // odd/even, dev 0.9341 -> 0.9083 and test 0.8633 -> 0.8488, hijacks dev 5 -> 6 and test 6 -> 9 (the w10 test half is
    // never looked at turn by turn); figures at the end of that session in the closing note. The eleventh session
    // (2026-12-07): an eleventh group's 168 conversations (w11, same brief) scored 0.7510 alone with the code of fabbfe8;
    // split odd/even, that code scores dev 0.8960 and test 0.8336 (hijacks 8 and 12) on the grown sets, the session's
    // end 0.9097 and 0.8415 (hijacks unchanged); floors lowered to match the harder sets. The twelfth session
    // (2026-12-07): a twelfth group's 168 conversations (w12, a brief asking for run-on messages, situations without the
    // document's name, unnamed moves to a neighbouring procedure, bare-word answers) scored 0.6991 alone with the code of
    // ebc2bc7; split odd/even, that code scores dev 0.8905 and test 0.8247 (hijacks 9 and 17), the session's end 0.9069
    // and 0.8334 (hijacks 10 and 17). The thirteenth session (2026-12-08): a thirteenth group's 264 conversations (w13,
    // four writers, a brief asking for moves between neighbours, follow-ups with another procedure's word, asides,
    // procedures not covered) scored 0.7627 alone with the code of bf5f141; split odd/even, that code scores dev 0.8872
    // and test 0.8255 (hijacks 21 and 26), the session's end 0.9013 and 0.8321 (hijacks 20 and 26).
    private const double DevFloor = 0.89;
    private const double TestFloor = 0.825;
    private const double OffTopicFloor = 0.79;
    private const double NotCoveredFloor = 0.85;
    private const int MaxHijacks = 26;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("dev", DevFloor)]
    [InlineData("test", TestFloor)]
    [InlineData("tuning/offtopic.yaml", OffTopicFloor)]
    [InlineData("tuning/not-covered.yaml", NotCoveredFloor)]
    public async Task EvaluateAsync_ConversationSet_UnderstandingAboveFloor(string part, double floor)
    {
        var conversations = ConversationSet.Load(Path.Combine(RepoPaths.Root, "tests", "conversations", part));
        using var services = CliServices.Build();
        var evaluator = new ConversationEvaluator(services.GetRequiredService<TurnPipeline>(), services.GetRequiredService<ProcedureCorpus>());

        var report = await evaluator.EvaluateAsync(conversations, Ct);

        Assert.True(conversations.Count >= 200, $"{part}: {conversations.Count} conversations");
        Assert.True(report.Understanding >= floor, report.Render(listFailures: false));
        Assert.True(report.FocusHijacks <= MaxHijacks, report.Render(listFailures: false));
        Assert.EndsWith($"understanding: {report.Understanding:0.0000}", report.Render(listFailures: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WholeSet_AtLeast400ConversationsAnd1200Turns()
    {
        var all = ConversationSet.Load(Path.Combine(RepoPaths.Root, "tests", "conversations"));

        Assert.True(all.Count >= 400, $"{all.Count} conversations");
        Assert.True(all.Sum(c => c.Turns.Count) >= 1200, $"{all.Sum(c => c.Turns.Count)} turns");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("procedure: cnie-renewal", "procedure", 1)]
    [InlineData("clarify: [passport-first, passport-renewal]", "clarify", 2)]
    [InlineData("unknown", "unknown", 0)]
    [InlineData("smalltalk", "smalltalk", 0)]
    public void Parse_Label_KindAndIds(string label, string kind, int ids)
    {
        var move = ExpectedMove.Parse(label);

        Assert.Equal(kind, move.Kind);
        Assert.Equal(ids, move.Procedures.Count);
    }

    [Theory]
    [InlineData("procedure")]
    [InlineData("clarify: []")]
    [InlineData("maybe")]
    public void Parse_BadLabel_Throws(string label) => Assert.Throws<FormatException>(() => ExpectedMove.Parse(label));

    [Fact]
    public void IsCorrect_ClarifyOfferingEveryExpectedCandidate_TrueElseFalse()
    {
        var expected = ExpectedMove.Parse("clarify: [passport-first, passport-renewal]");
        var offered = Result("clarify", null, ["passport-first", "passport-renewal", "passport-lost"]);
        var missing = Result("clarify", null, ["passport-first", "passport-lost"]);
        var answered = Result("answer", "passport-first", null);

        Assert.True(ConversationEvaluator.IsCorrect(expected, offered));
        Assert.False(ConversationEvaluator.IsCorrect(expected, missing));
        Assert.False(ConversationEvaluator.IsCorrect(expected, answered));
    }

    [Fact]
    public async Task ToJson_AmbiguousPassportQuestion_ClarifyWithButtonProcedureIds()
    {
        using var services = CliServices.Build();
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var turn = await pipeline.RunAsync(new IncomingMessage("cli", "json-test", "u", "combien coûte le passeport ?"), Ct);
        using var json = JsonDocument.Parse(AskCommand.ToJson(0, "combien coûte le passeport ?", turn));

        Assert.Equal("clarify", json.RootElement.GetProperty("outcome").GetString());
        var buttons = json.RootElement.GetProperty("buttons").EnumerateArray().Select(b => b.GetProperty("procedure").GetString()).ToList();
        Assert.Contains("passport-renewal", buttons);
        Assert.All(buttons, id => Assert.StartsWith("passport-", id, StringComparison.Ordinal));
    }

    private static TurnResult Result(string outcome, string? procedure, IReadOnlyList<string>? choices) =>
        new([], new MarocAssistant.Language.Detection.LanguageResult("fr", 1), procedure, outcome, choices);
}

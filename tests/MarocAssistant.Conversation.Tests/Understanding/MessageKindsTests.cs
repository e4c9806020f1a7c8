using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Testing;
using MarocAssistant.Training.Intent;
using MarocAssistant.Training.LangId;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class MessageKindsTests : IDisposable
{
    private readonly Lazy<MessageKinds> _kinds = new(() =>
    {
        var kinds = MessageKinds.Load(ModelPath, out var reason);
        Assert.Null(reason);
        return kinds;
    });

    private static string ModelPath => Path.Combine(RepoPaths.Models, "intent.onnx");

    private MessageKinds Kinds
    {
        get
        {
            Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
            Requirements.SkipUnless(File.Exists(ModelPath), "models/intent.onnx (maroc train intent)");
            return _kinds.Value;
        }
    }

    public void Dispose()
    {
        if (_kinds.IsValueCreated)
        {
            _kinds.Value.Dispose();
        }
    }

    [Fact]
    public void Score_HeldOutLinesOfTheWrittenData_MostlyRight()
    {
        // The trainer's dev split (one line in ten by hash) is never trained on.
        var dev = Directory.GetFiles(Path.Combine(RepoPaths.Corpus, "intents"), "*.tsv")
            .SelectMany(IntentData.ReadTsv).Where(e => LangIdDataset.IsDev(e.Text)).ToList();
        Assert.True(dev.Count > 100, $"only {dev.Count} held-out lines");

        var right = dev.Count(e => Top(Kinds.Score(e.Text)) == e.Label);
        Assert.True(right >= dev.Count * 0.7, $"{right} of {dev.Count} held-out lines right");
    }

    [Theory]
    [InlineData("admin", "bghit njded lbasbor dyali fin nmchi")]
    [InlineData("admin", "كيفاش نجيب عقد الازدياد ديال ولدي")]
    [InlineData("out_of_scope", "chno ljaw ghadi ykoun ghda f casa")]
    [InlineData("handoff", "wach kayn chi mowadaf ndwi m3ah")]
    public void Score_ClearMessages_TheirKindComesFirst(string kind, string text) =>
        Assert.Equal(kind, Top(Kinds.Score(text)));

    [Fact]
    public void Score_MessageWithoutWords_ScoresNothing() =>
        Assert.Equal(MessageKindScores.None, Kinds.Score("🙂 !!"));

    [Fact]
    public void Load_MissingModel_SaysWhyAndScoresNothing()
    {
        using var kinds = MessageKinds.Load("/nonexistent/intent.onnx", out var reason);

        Assert.NotNull(reason);
        Assert.False(kinds.Available);
        Assert.Equal(MessageKindScores.None, kinds.Score("bghit nhder m3a chi wa7ed"));
    }

    [Fact]
    public void Load_ModelWithOtherLabels_IsRefused()
    {
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
        using var kinds = MessageKinds.Load(Path.Combine(RepoPaths.Models, "langid.onnx"), out var reason);

        Assert.False(kinds.Available);
        Assert.Contains("labels", reason!, StringComparison.Ordinal);
    }

    private static string Top(MessageKindScores s)
    {
        (string Label, float P)[] all =
            [("admin", s.Admin), ("out_of_scope", s.OutOfScope), ("refuse", s.Refuse), ("handoff", s.Handoff), ("smalltalk", s.SmallTalk), ("restart", s.Restart)];
        return all.MaxBy(x => x.P).Label;
    }
}

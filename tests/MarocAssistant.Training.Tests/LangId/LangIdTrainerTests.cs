using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Testing;
using MarocAssistant.Training.LangId;
using MarocAssistant.Training.Onnx;
using MarocAssistant.Training.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace MarocAssistant.Training.Tests.LangId;

/// <summary>Trains tiny models (small hash table, two epochs) on the project's chat corpus: seconds, not minutes.</summary>
public sealed class LangIdTrainerTests
{
    private static readonly LangIdTrainingOptions Small = new()
    {
        Epochs = 2,
        Dim = 8,
        Features = new LangIdFeatureSettings { BucketBits = 12 },
    };

    [Fact]
    public void Train_SameDataAndSeedTwice_IdenticalModelBytes()
    {
        var examples = ChatSample();

        var first = OnnxModelWriter.ToBytes(Train(examples, Small).ToOnnx());
        var second = OnnxModelWriter.ToBytes(Train(examples, Small).ToOnnx());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Train_OtherSeed_OtherBytes()
    {
        var examples = ChatSample();

        var first = OnnxModelWriter.ToBytes(Train(examples, Small).ToOnnx());
        var second = OnnxModelWriter.ToBytes(Train(examples, Small with { Seed = Small.Seed + 1 }).ToOnnx());

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Train_WithTopicSwap_SameBytesTwiceAndOtherBytesThanWithout()
    {
        var examples = ChatSample();
        var topics = Small with { Topics = new LangIdTopicSwap([new("جواز السفر", false), new("البطاقة الوطنية", false), new("لاكارط", true)]) };

        var first = OnnxModelWriter.ToBytes(Train(examples, topics).ToOnnx());
        var second = OnnxModelWriter.ToBytes(Train(examples, topics).ToOnnx());
        var without = OnnxModelWriter.ToBytes(Train(examples, Small).ToOnnx());

        Assert.Equal(first, second);
        Assert.NotEqual(first, without);
        Assert.Contains("topic phrases swapped", Train(examples, topics).Info.Training.Augmentation, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ChatSample_RecordsDataHashAndDevMetrics()
    {
        var model = Train(ChatSample(), Small);

        Assert.Equal(LanguageLabels.All, model.Info.Labels);
        Assert.Equal(64, model.Info.Training.DataSha256.Length);
        Assert.NotNull(model.Info.DevMetrics);
        Assert.True(model.Info.DevMetrics.Count > 0);
        Assert.Equal(model.Info.ToJson(), LangIdModelInfo.FromJson(model.Info.ToJson()).ToJson());
    }

    [Fact]
    public void ToOnnx_TrainedAndShippedModels_PassOnnxChecker()
    {
        Requirements.SkipUnless(OnnxChecker.IsAvailable, "python3-onnx (apt-get install -y python3-onnx) for /usr/bin/python3");
        var path = Path.Combine(Path.GetTempPath(), $"langid-{Guid.NewGuid():N}.onnx");
        var shipped = Path.Combine(RepoPaths.Models, "langid.onnx");
        try
        {
            Train(ChatSample(), Small).Save(path);
            var (exitCode, output) = OnnxChecker.Check(File.Exists(shipped) ? [path, shipped] : [path]);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(path);
            File.Delete(Path.ChangeExtension(path, ".json"));
        }
    }

    [Fact]
    public void ToOnnx_RunByOnnxRuntime_SameProbabilitiesAsTrainerForwardPass()
    {
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
        var model = Train(ChatSample(), Small);
        var extractor = new LangIdFeatureExtractor(model.Info.Features);
        var buffer = new LangIdFeatureBuffer(extractor);
        using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(model.ToOnnx()));

        foreach (var text in new[] { "wach kayn chi rendez-vous", "بغيت نجدد لاكارط", "where is the office", "ⴰⵣⵓⵍ" })
        {
            extractor.Extract(text, buffer);
            var weights = new float[buffer.Count];
            LangIdFeatureExtractor.MessageWeights(buffer, weights);
            var expected = new float[model.Info.Labels.Count];
            model.Predict(buffer.Ids.AsSpan(0, buffer.Count), weights, expected);

            using var ids = OrtValue.CreateTensorValueFromMemory(buffer.Ids[..buffer.Count], [1, buffer.Count]);
            using var w = OrtValue.CreateTensorValueFromMemory(weights, [1, 1, buffer.Count]);
            using var outputs = session.Run(["ids", "weights"], [ids, w], ["probs"]);
            var probs = outputs[0];

            Assert.Equal([1L, 1L, model.Info.Labels.Count], probs.GetTensorTypeAndShape().Shape);
            var actual = probs.GetTensorDataAsSpan<float>().ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-5f);
            }
        }
    }

    private static LangIdModel Train(IReadOnlyList<LangIdExample> examples, LangIdTrainingOptions options) =>
        new LangIdTrainer(options).Train(examples, [new LangIdDataFile("corpus/langid/chat.tsv", "0", examples.Count)]);

    private static IReadOnlyList<LangIdExample> ChatSample()
    {
        var path = Path.Combine(RepoPaths.Corpus, "langid", "chat.tsv");
        Requirements.SkipUnless(File.Exists(path), "corpus/langid/chat.tsv");
        return LangIdDataset.ReadTsv(path, LanguageLabels.All.ToHashSet(StringComparer.Ordinal));
    }
}

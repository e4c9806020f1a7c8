using MarocAssistant.Language.Normalization;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Sparse;
using MarocAssistant.Retrieval.Tests;
using MarocAssistant.Testing;
using MarocAssistant.Training.Encoder;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MarocAssistant.Training.Tests.Encoder;

public sealed class EncoderTrainerTests
{
    private static readonly EncoderTrainingOptions Small = new() { Buckets = 2048, Dimensions = 16, Epochs = 15, Folds = 0 };

    [Fact]
    public void Train_SmallCorpus_PutsQuestionsNearTheirProcedure()
    {
        var (resources, questions) = SmallResources();

        var model = EncoderTrainer.Train(resources, questions, Small, TestContext.Current.CancellationToken);
        var embedder = new ManagedEncoderEmbedder(model, resources.Sparse);

        var query = embedder.Embed("bghit lbasbor");
        var best = model.Classes.Zip(model.Prototypes).MaxBy(c => Dot(query, c.Second)).First;
        Assert.Equal("passport-first", best);
        Assert.Contains(EncoderModel.OutOfScopeClass, model.Classes);
        Assert.Equal(1f, Norm(query), 3);
    }

    [Fact]
    public void Export_OnnxRuntime_MatchesManagedEncoder()
    {
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
        var (resources, questions) = SmallResources();
        var model = EncoderTrainer.Train(resources, questions, Small, TestContext.Current.CancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), $"maroc-encoder-{Guid.NewGuid():N}");
        try
        {
            EncoderTrainer.Export(new EncoderTrainingResult(model, null, new Dictionary<string, double>()), Small, folder);
            using var onnx = EncoderEmbedder.TryLoad(folder, resources.Sparse, NullLogger.Instance);
            Assert.NotNull(onnx);
            var managed = new ManagedEncoderEmbedder(model, resources.Sparse);

            foreach (var text in new[] { "bghit ndir lbasbor", "البطاقة الوطنية", "casier judiciaire", "x" })
            {
                var expected = managed.Embed(text);
                var actual = onnx.Embed(text);
                Assert.Equal(expected.Length, actual.Length);
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.Equal(expected[i], actual[i], 4);
                }
            }

            Assert.Equal(new float[16], onnx.Embed("?!"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TryLoad_MetadataFromAnotherTraining_IsRefused()
    {
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
        var (resources, questions) = SmallResources();
        var model = EncoderTrainer.Train(resources, questions, Small, TestContext.Current.CancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), $"maroc-encoder-{Guid.NewGuid():N}");
        try
        {
            EncoderTrainer.Export(new EncoderTrainingResult(model, null, new Dictionary<string, double>()), Small, folder);
            var path = Path.Combine(folder, EncoderMetadata.FileName);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"buckets\":2048", "\"buckets\":2049", StringComparison.Ordinal));

            Assert.Null(EncoderEmbedder.TryLoad(folder, resources.Sparse, NullLogger.Instance));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TryLoad_NoModel_ReturnsNull()
    {
        var (resources, _) = SmallResources();

        Assert.Null(EncoderEmbedder.TryLoad("/nonexistent", resources.Sparse, NullLogger.Instance));
    }

    private static (RetrievalResources, List<LabeledQuestion>) SmallResources()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"maroc-corpus-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "procedures"));
        try
        {
            var yaml = new YamlDotNet.Serialization.SerializerBuilder()
                .WithNamingConvention(YamlDotNet.Serialization.NamingConventions.UnderscoredNamingConvention.Instance)
                .Build();
            foreach (var record in TestCorpus.Records)
            {
                File.WriteAllText(Path.Combine(folder, "procedures", record.Id + ".yaml"), yaml.Serialize(record));
            }

            var resources = RetrievalResources.Load(folder);
            List<LabeledQuestion> questions =
            [
                new("passport-first", "ary-Latn", "bghit ndir passport"),
                new("cnie-first", "ary-Latn", "bghit ndir lakart"),
                new("criminal-record", "fr", "casier"),
                new(null, "fr", "raconte une blague"),
            ];
            return (resources, questions);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b).Sum(p => p.First * p.Second);

    private static float Norm(float[] a) => MathF.Sqrt(Dot(a, a));
}

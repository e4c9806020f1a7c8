using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarocAssistant.Language.LangId;

/// <summary>
/// Everything needed to use and reproduce a language-identification model: labels, feature settings, shapes,
/// training data hashes and seed, dev-split metrics. Written next to the model as JSON and inside it as
/// <c>metadata_props["maroc.langid"]</c>.
/// </summary>
public sealed record LangIdModelInfo
{
    public const string FormatName = "maroc-langid/1";

    public const string MetadataKey = "maroc.langid";

    public string Format { get; init; } = FormatName;

    public required IReadOnlyList<string> Labels { get; init; }

    public required LangIdFeatureSettings Features { get; init; }

    /// <summary>Width of the feature embeddings.</summary>
    public required int Dim { get; init; }

    public string Architecture { get; init; } =
        "hashed features (char 1-4-grams with word boundaries, words, scripts) -> embedding bag (per feature group: sum / sqrt(count); groups added) -> linear -> softmax";

    public string InputIds { get; init; } = "ids";

    public string InputWeights { get; init; } = "weights";

    public string OutputProbabilities { get; init; } = "probs";

    public required LangIdTrainingInfo Training { get; init; }

    public LangIdMetrics? DevMetrics { get; init; }

    /// <summary>The dev metrics per training file: edited text and chat-style messages behave differently.</summary>
    public IReadOnlyList<LangIdSourceMetrics>? DevMetricsBySource { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static LangIdModelInfo FromJson(string json) =>
        JsonSerializer.Deserialize<LangIdModelInfo>(json, JsonOptions) ?? throw new InvalidDataException("Empty langid metadata.");
}

public sealed record LangIdSourceMetrics(string Source, LangIdMetrics Metrics);

/// <summary>How the model was trained: enough to train it again and get the same bytes.</summary>
public sealed record LangIdTrainingInfo
{
    public required int Seed { get; init; }

    public required int Epochs { get; init; }

    public required float LearningRate { get; init; }

    public required string Optimizer { get; init; }

    public required string Augmentation { get; init; }

    public required IReadOnlyList<LangIdDataFile> Files { get; init; }

    /// <summary>SHA-256 over the file hashes, in order: one value that changes when any training data changes.</summary>
    public required string DataSha256 { get; init; }

    public required int TrainExamples { get; init; }

    public required int DevExamples { get; init; }

    public required string DevSplit { get; init; }
}

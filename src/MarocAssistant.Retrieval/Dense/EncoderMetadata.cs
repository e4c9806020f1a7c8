using System.Text.Json;
using MarocAssistant.Retrieval.Hybrid;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// <c>models/encoder.json</c>: what the ONNX graph cannot hold. The hashing settings the C# featuriser must use,
/// the class prototypes (the procedures' dense vectors), the hybrid calibration fitted on held-out folds, and how
/// the model was trained and how well it did.
/// </summary>
public sealed class EncoderMetadata
{
    public const string FileName = "encoder.json";
    public const string ModelFileName = "encoder.onnx";

    public int FormatVersion { get; set; } = 1;

    public int Buckets { get; set; }

    public int Dimensions { get; set; }

    /// <summary>The sparse encoding version the features were hashed from.</summary>
    public int SparseEncodingVersion { get; set; }

    public string[] Classes { get; set; } = [];

    public float[][] Prototypes { get; set; } = [];

    public ConfidenceCalibration? Calibration { get; set; }

    public Dictionary<string, string> Training { get; set; } = [];

    public Dictionary<string, double> Metrics { get; set; } = [];

    /// <summary>camelCase like the other model metadata files; reading ignores case.</summary>
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EncoderMetadata Parse(string json) =>
        JsonSerializer.Deserialize<EncoderMetadata>(json, Json) ?? throw new InvalidDataException("Empty encoder metadata.");
}

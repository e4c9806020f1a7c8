using System.Buffers;
using System.Security.Cryptography;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Sparse;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// The dense branch on the trained encoder: C# hashes the question's terms, ONNX Runtime (the Microsoft.ML.OnnxRuntime
/// package) projects and normalises them. Procedures use their trained prototypes; a procedure added to
/// the corpus after training is embedded from its titles and aliases until the next training.
/// </summary>
public sealed class EncoderEmbedder : ICalibratedEmbedder, ISparseInputEmbedder, IDisposable
{
    private static readonly string[] InputNames = [EncoderOnnx.IndicesInput, EncoderOnnx.WeightsInput];
    private static readonly string[] OutputNames = [EncoderOnnx.EmbeddingOutput];
    private const int MinInputLength = 64;

    // The arrays ORT's API takes on every call, per thread (ORT copies a shape when it creates the tensor).
    [ThreadStatic]
    private static RunArrays? _runArrays;

    private readonly OrtSession _session;
    private readonly SparseEncoder _sparse;
    private readonly EncoderMetadata _metadata;
    private readonly long[] _embeddingShape;

    public EncoderEmbedder(OrtSession session, EncoderMetadata metadata, SparseEncoder sparse, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(metadata);
        _session = session;
        _metadata = metadata;
        _sparse = sparse;
        _embeddingShape = [metadata.Dimensions];
        Fingerprint = fingerprint;
        var outOfScope = Array.IndexOf(metadata.Classes, EncoderModel.OutOfScopeClass);
        OutOfScopePrototype = outOfScope >= 0 ? metadata.Prototypes[outOfScope] : null;
    }

    public int Dimensions => _metadata.Dimensions;

    public string Fingerprint { get; }

    public float[]? OutOfScopePrototype { get; }

    public ConfidenceCalibration? Calibration => _metadata.Calibration;

    /// <summary>Loads <c>encoder.onnx</c> and <c>encoder.json</c>; null (logged) when either, or ONNX Runtime, is missing.</summary>
    public static EncoderEmbedder? TryLoad(string modelsPath, SparseEncoder sparse, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var modelPath = Path.Combine(modelsPath, EncoderMetadata.ModelFileName);
        var metadataPath = Path.Combine(modelsPath, EncoderMetadata.FileName);
        if (!File.Exists(modelPath) || !File.Exists(metadataPath))
        {
            logger.LogInformation("No trained encoder in {Folder}; dense search is off (run `maroc train encoder`).", modelsPath);
            return null;
        }

        if (!OrtRuntime.TryLoad(out var error))
        {
            logger.LogWarning("ONNX Runtime is not available ({Error}); dense search is off.", error);
            return null;
        }

        try
        {
            var json = File.ReadAllText(metadataPath);
            var metadata = EncoderMetadata.Parse(json);
            if (metadata.SparseEncodingVersion != RetrievalResources.SparseEncodingVersion)
            {
                logger.LogWarning("The encoder was trained on sparse encoding v{Old}, this build is v{New}; retrain it. Dense search is off.", metadata.SparseEncodingVersion, RetrievalResources.SparseEncodingVersion);
                return null;
            }

            var bytes = File.ReadAllBytes(modelPath);
            var session = OrtSession.FromBytes(bytes);
            if (session.GetMetadata(EncoderMetadata.FileName) != json)
            {
                session.Dispose();
                logger.LogWarning("{Model} and {Metadata} are not from the same training; retrain the encoder. Dense search is off.", modelPath, metadataPath);
                return null;
            }

            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
            return new EncoderEmbedder(session, metadata, sparse, fingerprint);
        }

        catch (Exception ex) when (ex is OnnxRuntimeException or IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            logger.LogWarning(ex, "The encoder in {Folder} cannot be loaded; dense search is off.", modelsPath);
            return null;
        }
    }

    public ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(Embed(text));

    public ValueTask<float[]> EmbedProcedureAsync(ProcedureRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var index = Array.IndexOf(_metadata.Classes, record.Id);
        if (index >= 0)
        {
            return ValueTask.FromResult(_metadata.Prototypes[index]);
        }

        var sum = new float[Dimensions];
        foreach (var text in EncoderModel.RecordTexts(record))
        {
            var v = Embed(text);
            for (var d = 0; d < sum.Length; d++)
            {
                sum[d] += v[d];
            }
        }

        EncoderModel.Normalize(sum);
        return ValueTask.FromResult(sum);
    }

    public float[] Embed(string text) => EmbedSparse(_sparse.EncodeQuery(text));

    public float[] EmbedSparse(SparseVector query)
    {
        ArgumentNullException.ThrowIfNull(query);

        // ONNX Runtime plans memory per input shape: padding to a power of two (bucket 0, weight 0 adds nothing)
        // leaves a handful of shapes, each planned once, instead of a new plan for almost every question.
        // The inputs live in pooled arrays, which ORT reads in place and which go back once the run is over.
        var capacity = PaddedLength(query.Count);
        var indices = ArrayPool<long>.Shared.Rent(capacity);
        var weights = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            var count = EncoderModel.Featurize(query, _metadata.Buckets, indices, weights);
            if (count == 0)
            {
                return new float[Dimensions];
            }

            var padded = PaddedLength(count);
            Array.Clear(indices, count, padded - count);
            Array.Clear(weights, count, padded - count);
            // ORT writes the embedding straight into the array this method returns.
            var embedding = new float[Dimensions];
            var run = _runArrays ??= new RunArrays();
            run.InputShape[0] = padded;
            using var indicesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, indices.AsMemory(0, padded), run.InputShape);
            using var weightsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, weights.AsMemory(0, padded), run.InputShape);
            using var embeddingValue = OrtValue.CreateTensorValueFromMemory(embedding, _embeddingShape);
            run.Inputs[0] = indicesValue;
            run.Inputs[1] = weightsValue;
            run.Outputs[0] = embeddingValue;
            try
            {
                _session.Run(InputNames, run.Inputs, OutputNames, run.Outputs);
            }
            finally
            {
                Array.Clear(run.Inputs);
                Array.Clear(run.Outputs);
            }

            return embedding;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(weights);
        }
    }

    private static int PaddedLength(int count) => Math.Max(MinInputLength, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count));

    public void Dispose() => _session.Dispose();

    private sealed class RunArrays
    {
        public long[] InputShape { get; } = new long[1];

        public OrtValue[] Inputs { get; } = new OrtValue[2];

        public OrtValue[] Outputs { get; } = new OrtValue[1];
    }
}

/// <summary>The encoder computed in process from an <see cref="EncoderModel"/> (training, held-out folds, tests).</summary>
public sealed class ManagedEncoderEmbedder : ICalibratedEmbedder, ISparseInputEmbedder
{
    private readonly EncoderModel _model;
    private readonly SparseEncoder _sparse;

    public ManagedEncoderEmbedder(EncoderModel model, SparseEncoder sparse, ConfidenceCalibration? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _sparse = sparse;
        Calibration = calibration;
        OutOfScopePrototype = model.PrototypeOf(EncoderModel.OutOfScopeClass);
    }

    public int Dimensions => _model.Dimensions;

    public string Fingerprint => "managed";

    public float[]? OutOfScopePrototype { get; }

    public ConfidenceCalibration? Calibration { get; }

    public float[] Embed(string text) => EmbedSparse(_sparse.EncodeQuery(text));

    public float[] EmbedSparse(SparseVector query)
    {
        var (indices, weights) = EncoderModel.Featurize(query, _model.Buckets);
        return _model.Embed(indices, weights);
    }

    public ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(Embed(text));

    public ValueTask<float[]> EmbedProcedureAsync(ProcedureRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_model.PrototypeOf(record.Id) is { } prototype)
        {
            return ValueTask.FromResult(prototype);
        }

        var sum = new float[Dimensions];
        foreach (var text in EncoderModel.RecordTexts(record))
        {
            var v = Embed(text);
            for (var d = 0; d < sum.Length; d++)
            {
                sum[d] += v[d];
            }
        }

        EncoderModel.Normalize(sum);
        return ValueTask.FromResult(sum);
    }
}

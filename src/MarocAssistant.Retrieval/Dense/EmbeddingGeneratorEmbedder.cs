using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.AI;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// Uses any Microsoft.Extensions.AI embedding generator as the dense branch. A procedure is embedded from its
/// titles, aliases and summaries in every language, so a general-purpose multilingual model can match it.
/// </summary>
public sealed class EmbeddingGeneratorEmbedder : IEmbedder
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;

    public EmbeddingGeneratorEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, int dimensions, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        Dimensions = dimensions;
        Fingerprint = fingerprint;
    }

    public int Dimensions { get; private set; }

    public string Fingerprint { get; }

    public float[]? OutOfScopePrototype => null;

    /// <summary>Asks the generator once, to learn the vector size when it is not configured.</summary>
    public static async Task<EmbeddingGeneratorEmbedder> CreateAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var probe = await generator.GenerateAsync(["passeport"], cancellationToken: cancellationToken);
        return new EmbeddingGeneratorEmbedder(generator, Single(probe).Length, fingerprint);
    }

    public async ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        var result = await _generator.GenerateAsync([text], cancellationToken: cancellationToken);
        return Single(result);
    }

    public async ValueTask<float[]> EmbedProcedureAsync(ProcedureRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = string.Join(
            "\n",
            record.Blocks().Select(b => $"{b.Block.Title}. {string.Join(", ", b.Block.Aliases)}. {b.Block.Summary}"));
        var result = await _generator.GenerateAsync([text], cancellationToken: cancellationToken);
        return Single(result);
    }

    // An endpoint that answers with no vector, or several for one input, is misconfigured: say so instead of indexing garbage.
    private static float[] Single(GeneratedEmbeddings<Embedding<float>> result) =>
        result.Count == 1 && result[0].Vector.Length > 0
            ? result[0].Vector.ToArray()
            : throw new InvalidDataException($"The embeddings endpoint answered {result.Count} vectors for one input.");
}

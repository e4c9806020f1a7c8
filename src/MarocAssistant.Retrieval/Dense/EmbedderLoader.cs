using System.ClientModel;
using Polly.Timeout;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>Chooses the dense branch from the settings: a configured endpoint, else the trained encoder, else none.</summary>
public static class EmbedderLoader
{
    public static async Task<IEmbedder?> LoadAsync(RetrievalOptions options, Sparse.SparseEncoder sparse, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!options.UseDense)
        {
            return null;
        }

        if (options.EmbeddingEndpoint is { } endpoint)
        {
            try
            {
                // The generator keeps the client for the life of the index; the process owns both.
                var generator = OpenAiEmbeddingGenerator.Create(endpoint, OpenAiEmbeddingGenerator.CreateHttpClient(endpoint));
                return await EmbeddingGeneratorEmbedder.CreateAsync(generator, $"endpoint:{endpoint.BaseUrl}|{endpoint.Model}|{endpoint.Dimensions}", cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or ClientResultException or InvalidDataException or TimeoutRejectedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Embeddings endpoint {Url} is not usable; searching with sparse terms only.", endpoint.BaseUrl);
                return null;
            }
        }

        return EncoderEmbedder.TryLoad(options.ModelsPath, sparse, logger);
    }
}

namespace MarocAssistant.Retrieval.Qdrant;

/// <summary>The Qdrant server (configuration section <c>Qdrant</c>). Call <see cref="Validate"/> on start.</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";
    public const string DefaultCollection = "maroc_procedures";

    /// <summary>Qdrant's REST port: a common mistake for the gRPC endpoint, so it is refused by name.</summary>
    public const int RestPort = 6333;

    /// <summary>The gRPC endpoint (Qdrant.Client speaks gRPC), e.g. <c>http://127.0.0.1:6334</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as the <c>api-key</c> metadata when set.</summary>
    public string? ApiKey { get; set; }

    public string Collection { get; set; } = DefaultCollection;

    /// <summary>The deadline of one gRPC call (one attempt).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a transient failure of a read (unavailable, deadline, rate limit, internal), with exponential backoff.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
        {
            errors.Add("Qdrant:Endpoint must be an absolute http(s) URL of the gRPC endpoint (e.g. http://qdrant:6334).");
        }
        else if (Endpoint.Port == RestPort)
        {
            errors.Add($"Qdrant:Endpoint uses port {RestPort}, Qdrant's REST port; the client speaks gRPC (Qdrant's port 6334).");
        }

        if (string.IsNullOrWhiteSpace(Collection) || Collection.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            errors.Add("Qdrant:Collection must be letters, digits, '_' or '-'.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add("Qdrant:Timeout must be positive.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            errors.Add("Qdrant:MaxRetries must be between 0 and 10.");
        }

        if (InitialBackoff < TimeSpan.Zero || InitialBackoff > TimeSpan.FromMinutes(1))
        {
            errors.Add("Qdrant:InitialBackoff must be between 0 and 1 minute.");
        }

        return errors;
    }
}

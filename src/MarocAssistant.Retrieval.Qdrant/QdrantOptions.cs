namespace MarocAssistant.Retrieval.Qdrant;

/// <summary>The Qdrant server (configuration section <c>Qdrant</c>). Call <see cref="Validate"/> on start.</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";
    public const string DefaultCollection = "maroc_procedures";

    /// <summary>The REST endpoint, e.g. <c>http://127.0.0.1:6333</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    public string Collection { get; set; } = DefaultCollection;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a transient failure (connection, timeout, 429, 5xx), with exponential backoff.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url is null || !Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https"))
        {
            errors.Add("Qdrant:Url must be an absolute http(s) URL.");
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

        if (InitialBackoff < TimeSpan.Zero)
        {
            errors.Add("Qdrant:InitialBackoff must not be negative.");
        }

        return errors;
    }
}

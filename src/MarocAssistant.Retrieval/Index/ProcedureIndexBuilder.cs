using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;

namespace MarocAssistant.Retrieval.Index;

/// <summary>Turns the corpus into index documents and writes them to any backend.</summary>
public static class ProcedureIndexBuilder
{
    public static async Task<IReadOnlyList<IndexDocument>> DocumentsAsync(RetrievalResources resources, IEmbedder? embedder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var records = resources.Corpus.Records;
        var sparse = resources.Sparse.EncodeDocuments(records);
        var documents = new List<IndexDocument>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var dense = embedder is null ? null : await embedder.EmbedProcedureAsync(record, cancellationToken);
            documents.Add(new IndexDocument(record.Id, record.Category, LanguagesOf(record), dense, sparse[i]));
        }

        return documents;
    }

    /// <summary>Creates (or recreates) the collection and upserts the documents.</summary>
    public static async Task WriteAsync(IProcedureIndex index, IReadOnlyList<IndexDocument> documents, int denseDimensions, bool recreate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(documents);
        await index.EnsureCreatedAsync(denseDimensions, recreate, cancellationToken);
        await index.UpsertAsync(documents, cancellationToken);
    }

    /// <summary>The record languages, as the YAML keys name them.</summary>
    public static IReadOnlyList<string> LanguagesOf(ProcedureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Blocks().Select(b => RecordLanguages.Key(b.Language)).ToList();
    }
}

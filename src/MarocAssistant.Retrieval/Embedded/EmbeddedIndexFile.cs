using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MarocAssistant.Retrieval.Examples;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Retrieval.Embedded;

/// <summary>What an index file was built from, and the calibration fitted for it.</summary>
public sealed class IndexMetadata
{
    public string CorpusFingerprint { get; set; } = "";

    /// <summary>The dense model's fingerprint, or "none" for a sparse-only index.</summary>
    public string EncoderFingerprint { get; set; } = "none";

    public ConfidenceCalibration Calibration { get; set; } = new();

    public DateTimeOffset BuiltAt { get; set; }

    public int DenseDimensions { get; set; }
}

/// <summary>
/// The embedded index on disk: a small binary file (magic, JSON metadata, then each document's vectors),
/// written by <c>maroc index</c> and read at start-up in a few milliseconds.
/// </summary>
public static class EmbeddedIndexFile
{
    // 3: the training questions' vectors follow the documents.
    private const int FormatVersion = 3;
    private static readonly byte[] Magic = "MAIDX"u8.ToArray();

    public static void Save(string path, IReadOnlyList<IndexDocument> documents, IndexMetadata metadata, ExampleIndex? examples = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(metadata);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write beside and move, so a reader never sees half a file.
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(metadata, Dense.EncoderMetadata.Json));
            writer.Write(documents.Count);
            foreach (var document in documents)
            {
                writer.Write(document.Id);
                writer.Write(document.Category);
                writer.Write(document.Languages.Count);
                foreach (var language in document.Languages)
                {
                    writer.Write(language);
                }

                var dense = document.Dense ?? [];
                writer.Write(dense.Length);
                writer.Write(MemoryMarshal.AsBytes(dense.AsSpan()));
                writer.Write(document.Sparse.Count);
                writer.Write(MemoryMarshal.AsBytes(document.Sparse.Indices.AsSpan()));
                writer.Write(MemoryMarshal.AsBytes(document.Sparse.Values.AsSpan()));
            }

            writer.Write(examples is not null);
            if (examples is not null)
            {
                writer.Write(examples.Fingerprint);
                writer.Write(examples.Dimensions);
                writer.Write(examples.Count);
                foreach (var procedure in examples.Procedures)
                {
                    writer.Write(procedure ?? "");
                }

                writer.Write(MemoryMarshal.AsBytes(examples.Vectors));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a file; null when it is missing or of another format version.</summary>
    public static (IReadOnlyList<IndexDocument> Documents, IndexMetadata Metadata, ExampleIndex? Examples)? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (!BitConverter.IsLittleEndian)
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
            {
                return null;
            }

            var metadata = JsonSerializer.Deserialize<IndexMetadata>(reader.ReadString(), Dense.EncoderMetadata.Json) ?? new IndexMetadata();
            var count = reader.ReadInt32();
            var documents = new List<IndexDocument>(count);
            for (var d = 0; d < count; d++)
            {
                var id = reader.ReadString();
                var category = reader.ReadString();
                var languages = new string[reader.ReadInt32()];
                for (var i = 0; i < languages.Length; i++)
                {
                    languages[i] = reader.ReadString();
                }

                // Arrays are stored as raw little-endian blocks and read in one call each.
                var dense = new float[reader.ReadInt32()];
                stream.ReadExactly(MemoryMarshal.AsBytes(dense.AsSpan()));
                var indices = new uint[reader.ReadInt32()];
                var values = new float[indices.Length];
                stream.ReadExactly(MemoryMarshal.AsBytes(indices.AsSpan()));
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));

                documents.Add(new IndexDocument(id, category, languages, dense.Length == 0 ? null : dense, new SparseVector(indices, values)));
            }

            ExampleIndex? examples = null;
            if (reader.ReadBoolean())
            {
                var fingerprint = reader.ReadString();
                var dimensions = reader.ReadInt32();
                var procedures = new string?[reader.ReadInt32()];
                for (var i = 0; i < procedures.Length; i++)
                {
                    var procedure = reader.ReadString();
                    procedures[i] = procedure.Length == 0 ? null : procedure;
                }

                var vectors = new float[procedures.Length * dimensions];
                stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
                examples = new ExampleIndex(procedures, vectors, dimensions, fingerprint);
            }

            return (documents, metadata, examples);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}

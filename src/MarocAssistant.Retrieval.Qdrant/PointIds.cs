using System.Security.Cryptography;
using System.Text;

namespace MarocAssistant.Retrieval.Qdrant;

/// <summary>
/// Qdrant point ids are integers or UUIDs, so procedure ids become name-based UUIDs (version 5, RFC 9562 §5.5):
/// stable across runs and machines, so an upsert replaces the same point.
/// </summary>
public static class PointIds
{
    /// <summary>The namespace of MarocAssistant procedure ids (a random UUID fixed once).</summary>
    public static readonly Guid ProcedureNamespace = new("6f0c2a57-4d2e-4b8f-9a61-3c1e5d7b9f20");

    public static Guid ForProcedure(string procedureId) => Version5(ProcedureNamespace, procedureId);

    public static Guid Version5(Guid ns, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(data, bigEndian: true, out _);
        nameBytes.CopyTo(data, 16);
#pragma warning disable CA5350 // SHA-1 is what UUIDv5 is defined with; it is an id, not a signature.
        var hash = SHA1.HashData(data);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

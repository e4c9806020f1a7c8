namespace MarocAssistant.Retrieval.Sparse;

/// <summary>
/// A sparse vector as Qdrant stores it: unique dimension ids, ascending, and one value each.
/// Documents carry saturated term frequencies; queries carry term weights (the IDF is applied by the index).
/// </summary>
public sealed class SparseVector
{
    public SparseVector(uint[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException("Indices and values must have the same length.", nameof(values));
        }

        for (var i = 1; i < indices.Length; i++)
        {
            if (indices[i] <= indices[i - 1])
            {
                throw new ArgumentException("Indices must be unique and ascending.", nameof(indices));
            }
        }

        Indices = indices;
        Values = values;
    }

    public static SparseVector Empty { get; } = new([], []);

    public uint[] Indices { get; }

    public float[] Values { get; }

    public int Count => Indices.Length;

    /// <summary>The sum of the values: for a query, its total weight, used to compare scores across queries.</summary>
    public float Sum()
    {
        var sum = 0f;
        foreach (var v in Values)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>Builds a vector from a bag of dimension weights, dropping zeros.</summary>
    public static SparseVector FromBag(Dictionary<uint, float> bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var indices = new uint[bag.Count];
        var values = new float[bag.Count];
        var n = 0;
        foreach (var (key, value) in bag)
        {
            if (value != 0)
            {
                indices[n] = key;
                values[n] = value;
                n++;
            }
        }

        if (n != indices.Length)
        {
            Array.Resize(ref indices, n);
            Array.Resize(ref values, n);
        }

        Array.Sort(indices, values);
        return new SparseVector(indices, values);
    }
}

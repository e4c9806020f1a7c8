namespace MarocAssistant.Language.Onnx;

/// <summary>
/// Settings for a session. They are copied into a native <c>OrtSessionOptions</c> only while the session is
/// created (ORT keeps its own copy), so one instance can be reused and shared freely.
/// </summary>
public sealed record OrtSessionOptions
{
    /// <summary>Threads inside one operator. 1 runs on the calling thread: best for small models called from many threads.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads across operators; used only with <see cref="ParallelExecution"/>.</summary>
    public int InterOpThreads { get; init; } = 1;

    public bool ParallelExecution { get; init; }

    public OrtGraphOptimizationLevel OptimizationLevel { get; init; } = OrtGraphOptimizationLevel.All;

    /// <summary>
    /// ORT plans memory per set of input shapes and reuses the plan; worth it for fixed shapes, not when every call
    /// has new ones (text of varying length).
    /// </summary>
    public bool MemoryPattern { get; init; } = true;

    /// <summary>Free-form session config entries (for example <c>session.intra_op.allow_spinning</c> = <c>0</c>).</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    internal unsafe OrtHandle CreateNative()
    {
        var native = new OrtHandle(OrtNative.CreateSessionOptions(), OrtNative.ReleaseSessionOptionsSlot);
        try
        {
            var h = native.DangerousGetHandle();
            OrtNative.SetIntraOpNumThreads(h, IntraOpThreads);
            OrtNative.SetInterOpNumThreads(h, InterOpThreads);
            OrtNative.SetSessionExecutionMode(h, ParallelExecution ? 1 : 0);
            OrtNative.SetGraphOptimizationLevel(h, (int)OptimizationLevel);
            if (!MemoryPattern)
            {
                OrtNative.DisableMemPattern(h);
            }

            foreach (var (key, value) in ConfigEntries)
            {
                fixed (byte* k = Utf8Z(key), v = Utf8Z(value))
                {
                    OrtNative.AddSessionConfigEntry(h, k, v);
                }
            }

            return native;
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    internal static byte[] Utf8Z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}

/// <summary>ORT's <c>GraphOptimizationLevel</c>.</summary>
public enum OrtGraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

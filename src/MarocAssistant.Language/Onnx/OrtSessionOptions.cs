using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// Settings for a session. They are turned into ONNX Runtime <see cref="SessionOptions"/> only while the session is
/// created (ORT keeps its own copy), so one instance can be reused and shared freely.
/// </summary>
public sealed record OrtSessionOptions
{
    /// <summary>Threads inside one operator. 1 runs on the calling thread: best for small models called from many threads.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads across operators; used only with <see cref="ParallelExecution"/>.</summary>
    public int InterOpThreads { get; init; } = 1;

    public bool ParallelExecution { get; init; }

    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// ORT plans memory per set of input shapes and reuses the plan; worth it for fixed shapes, not when every call
    /// has new ones (text of varying length).
    /// </summary>
    public bool MemoryPattern { get; init; } = true;

    /// <summary>ORT's CPU arena: intermediate tensors come from blocks it keeps, instead of malloc per run.</summary>
    public bool CpuMemoryArena { get; init; } = true;

    /// <summary>Free-form session config entries (for example <c>session.intra_op.allow_spinning</c> = <c>0</c>).</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    /// <summary>A new native options object; the caller disposes it once the session exists.</summary>
    internal SessionOptions ToSessionOptions()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(InterOpThreads);
        var options = new SessionOptions();
        try
        {
            options.LogId = "MarocAssistant";
            options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            options.IntraOpNumThreads = IntraOpThreads;
            options.InterOpNumThreads = InterOpThreads;
            options.ExecutionMode = ParallelExecution ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL;
            options.GraphOptimizationLevel = OptimizationLevel;
            options.EnableMemoryPattern = MemoryPattern;
            options.EnableCpuMemArena = CpuMemoryArena;
            foreach (var (key, value) in ConfigEntries)
            {
                options.AddSessionConfigEntry(key, value);
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}

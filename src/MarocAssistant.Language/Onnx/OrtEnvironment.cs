namespace MarocAssistant.Language.Onnx;

/// <summary>
/// The process-wide ORT environment and shared CPU memory info. ORT ref-counts a single env per process,
/// so one is created on first use and kept for the life of the process; sessions hold a reference to it.
/// </summary>
internal static unsafe class OrtEnvironment
{
    private const int LogSeverityError = 3;

    private static readonly Lazy<OrtHandle> EnvLazy = new(CreateEnv, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<OrtHandle> CpuMemoryLazy = new(
        () => new OrtHandle(OrtNative.CreateCpuMemoryInfo(), OrtNative.ReleaseMemoryInfoSlot),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtHandle Env => EnvLazy.Value;

    /// <summary>Shared by every tensor that wraps a managed buffer; ORT allows sharing it across threads.</summary>
    public static nint CpuMemoryInfo => CpuMemoryLazy.Value.DangerousGetHandle();

    private static OrtHandle CreateEnv()
    {
        fixed (byte* logId = "MarocAssistant"u8)
        {
            return new OrtHandle(OrtNative.CreateEnv(LogSeverityError, logId), OrtNative.ReleaseEnvSlot);
        }
    }
}

using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// The process-wide ONNX Runtime environment (from the Microsoft.ML.OnnxRuntime package), and whether it loads at all:
/// the package ships the native library for the common platforms, so this fails only on another one.
/// </summary>
public static class OrtRuntime
{
    // ORT keeps one environment per process; created on first use, logging errors only, and kept for the process.
    private static readonly Lazy<OrtEnv> Env = new(CreateEnv, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The version string the native library reports, e.g. <c>1.32.0</c>. Loads it on first use.</summary>
    public static string Version => Environment.GetVersionString();

    /// <summary>True when the native library loads.</summary>
    public static bool IsAvailable => TryLoad(out _);

    internal static OrtEnv Environment => Env.Value;

    public static bool TryLoad(out string? error)
    {
        try
        {
            _ = Environment;
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                       or TypeInitializationException or OnnxRuntimeException)
        {
            // The package's static constructor wraps the loader's error; the inner one says which file is missing.
            error = (ex is TypeInitializationException { InnerException: { } inner } ? inner : ex).Message;
            return false;
        }
    }

    private static OrtEnv CreateEnv()
    {
        if (OrtEnv.IsCreated)
        {
            return OrtEnv.Instance();
        }

        var options = new EnvironmentCreationOptions
        {
            logId = "MarocAssistant",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }
}

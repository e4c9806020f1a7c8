namespace MarocAssistant.Language.Onnx;

/// <summary>Facts about the loaded ONNX Runtime library, and whether it can be loaded at all.</summary>
public static class OrtRuntime
{
    /// <summary>The version string the library reports, e.g. <c>1.30.0</c>. Loads the library on first use.</summary>
    public static string Version => OrtNative.VersionString;

    /// <summary>The file the library was loaded from.</summary>
    public static string LibraryPath => OrtNative.LibraryPath;

    /// <summary>Where the library is looked for: <c>ONNXRUNTIME_LIB</c>, else <c>libonnxruntime.so.1</c> next to this assembly.</summary>
    public static string ExpectedLibraryPath => OrtNative.ResolveLibraryPath();

    /// <summary>True when the library loads and serves the API version this binding needs.</summary>
    public static bool IsAvailable => TryLoad(out _);

    public static bool TryLoad(out string? error)
    {
        try
        {
            _ = OrtNative.VersionString;
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or InvalidOperationException or EntryPointNotFoundException or BadImageFormatException)
        {
            error = ex.Message;
            return false;
        }
    }
}

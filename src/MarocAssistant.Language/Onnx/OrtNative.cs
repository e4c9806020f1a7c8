using System.Runtime.InteropServices;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// Loads <c>libonnxruntime.so.1</c> and calls the <c>OrtApi</c> function table by slot number
/// (see shared/specs/onnxruntime/ORT-C-API.md). Every method here is a thin typed call; ownership lives in the callers.
/// </summary>
internal static unsafe class OrtNative
{
    /// <summary>ORT 1.30.0 serves API versions 1 to 30; every slot used here exists since version 13 or earlier.</summary>
    public const uint ApiVersion = 30;

    public const string LibraryFileName = "libonnxruntime.so.1";

    public const string LibraryEnvironmentVariable = "ONNXRUNTIME_LIB";

    private static readonly Lazy<Loaded> Library = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static void** Api => (void**)Library.Value.Table;

    public static string LibraryPath => Library.Value.Path;

    public static string VersionString => Library.Value.Version;

    /// <summary>The library path this process will try: <c>ONNXRUNTIME_LIB</c>, else the file next to this assembly.</summary>
    public static string ResolveLibraryPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable(LibraryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var dir = Path.GetDirectoryName(typeof(OrtNative).Assembly.Location);
        return Path.Combine(string.IsNullOrEmpty(dir) ? AppContext.BaseDirectory : dir, LibraryFileName);
    }

    private static Loaded Load()
    {
        var path = ResolveLibraryPath();
        if (!NativeLibrary.TryLoad(path, out var lib))
        {
            throw new DllNotFoundException(
                $"ONNX Runtime not found at '{path}'. Build the solution (it fetches {LibraryFileName} from npm onnxruntime-node) " +
                $"or set {LibraryEnvironmentVariable} to the library's full path.");
        }

        var getApiBase = (delegate* unmanaged<void**>)NativeLibrary.GetExport(lib, "OrtGetApiBase");
        void** apiBase = getApiBase();
        var getApi = (delegate* unmanaged<uint, void**>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "?";
        void** api = getApi(ApiVersion);
        if (api == null)
        {
            throw new InvalidOperationException($"ONNX Runtime at '{path}' is version {version}; API version {ApiVersion} (ORT 1.30+) is required.");
        }

        return new Loaded((nint)api, path, version);
    }

    // ---- status ----

    /// <summary>Throws <see cref="OrtException"/> for a non-null status, after copying its message and releasing it.</summary>
    public static void Check(nint status)
    {
        if (status == 0)
        {
            return;
        }

        var code = ((delegate* unmanaged<nint, int>)Api[1])(status);
        var message = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<nint, byte*>)Api[2])(status)) ?? string.Empty;
        ((delegate* unmanaged<nint, void>)Api[93])(status);
        throw new OrtException((OrtErrorCode)code, message);
    }

    /// <summary>Calls one of the void <c>Release*</c> slots; all of them accept null.</summary>
    public static void Release(int slot, nint handle) => ((delegate* unmanaged<nint, void>)Api[slot])(handle);

    // ---- environment and options ----

    public static nint CreateEnv(int logSeverity, byte* logId)
    {
        nint env;
        Check(((delegate* unmanaged<int, byte*, nint*, nint>)Api[3])(logSeverity, logId, &env));
        return env;
    }

    public static nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)Api[10])(&options));
        return options;
    }

    public static void SetSessionExecutionMode(nint options, int mode) =>
        Check(((delegate* unmanaged<nint, int, nint>)Api[13])(options, mode));

    public static void DisableMemPattern(nint options) =>
        Check(((delegate* unmanaged<nint, nint>)Api[17])(options));

    public static void SetGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged<nint, int, nint>)Api[23])(options, level));

    public static void SetIntraOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)Api[24])(options, threads));

    public static void SetInterOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)Api[25])(options, threads));

    public static void AddSessionConfigEntry(nint options, byte* key, byte* value) =>
        Check(((delegate* unmanaged<nint, byte*, byte*, nint>)Api[130])(options, key, value));

    // ---- session ----

    public static nint CreateSession(nint env, byte* path, nint options)
    {
        nint session;
        Check(((delegate* unmanaged<nint, byte*, nint, nint*, nint>)Api[7])(env, path, options, &session));
        return session;
    }

    public static nint CreateSessionFromArray(nint env, void* data, nuint length, nint options)
    {
        nint session;
        Check(((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)Api[8])(env, data, length, options, &session));
        return session;
    }

    public static void Run(nint session, byte** inputNames, nint* inputs, nuint inputCount, byte** outputNames, nuint outputCount, nint* outputs) =>
        Check(((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)Api[9])(
            session, 0, inputNames, inputs, inputCount, outputNames, outputCount, outputs));

    public static nuint SessionGetInputCount(nint session)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Api[30])(session, &count));
        return count;
    }

    public static nuint SessionGetOutputCount(nint session)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Api[31])(session, &count));
        return count;
    }

    /// <summary>Slot 33 (inputs) or 34 (outputs): a new OrtTypeInfo, released with slot 98.</summary>
    public static nint SessionGetTypeInfo(nint session, bool output, nuint index)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)Api[output ? 34 : 33])(session, index, &info));
        return info;
    }

    /// <summary>Slot 36 (inputs) or 37 (outputs): the name, copied out and freed with the default allocator.</summary>
    public static string SessionGetName(nint session, bool output, nuint index)
    {
        var allocator = GetDefaultAllocator();
        byte* name;
        Check(((delegate* unmanaged<nint, nuint, nint, byte**, nint>)Api[output ? 37 : 36])(session, index, allocator, &name));
        return TakeAllocatedString(allocator, name) ?? string.Empty;
    }

    public static nint SessionGetModelMetadata(nint session)
    {
        nint metadata;
        Check(((delegate* unmanaged<nint, nint*, nint>)Api[111])(session, &metadata));
        return metadata;
    }

    public static string? ModelMetadataGetProducerName(nint metadata)
    {
        var allocator = GetDefaultAllocator();
        byte* value;
        Check(((delegate* unmanaged<nint, nint, byte**, nint>)Api[112])(metadata, allocator, &value));
        return TakeAllocatedString(allocator, value);
    }

    /// <summary>A custom metadata entry (ONNX <c>metadata_props</c>), or null when the key is absent.</summary>
    public static string? ModelMetadataLookup(nint metadata, byte* key)
    {
        var allocator = GetDefaultAllocator();
        byte* value;
        Check(((delegate* unmanaged<nint, nint, byte*, byte**, nint>)Api[116])(metadata, allocator, key, &value));
        return TakeAllocatedString(allocator, value);
    }

    // ---- type and shape info ----

    /// <summary>A borrowed view into <paramref name="typeInfo"/>; null when the value is not a tensor.</summary>
    public static nint CastTypeInfoToTensorInfo(nint typeInfo)
    {
        nint tensorInfo;
        Check(((delegate* unmanaged<nint, nint*, nint>)Api[55])(typeInfo, &tensorInfo));
        return tensorInfo;
    }

    public static OnnxElementType GetTensorElementType(nint tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged<nint, int*, nint>)Api[60])(tensorInfo, &type));
        return (OnnxElementType)type;
    }

    public static long[] GetDimensions(nint tensorInfo)
    {
        nuint rank;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Api[61])(tensorInfo, &rank));
        var dims = new long[(int)rank];
        fixed (long* p = dims)
        {
            Check(((delegate* unmanaged<nint, long*, nuint, nint>)Api[62])(tensorInfo, p, rank));
        }

        return dims;
    }

    /// <summary>A new OrtTensorTypeAndShapeInfo for a value, released with slot 99.</summary>
    public static nint GetTensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)Api[65])(value, &info));
        return info;
    }

    public static int GetValueType(nint value)
    {
        int type;
        Check(((delegate* unmanaged<nint, int*, nint>)Api[67])(value, &type));
        return type;
    }

    // ---- values ----

    /// <summary>CPU memory info (arena allocator, default memory type) for wrapping managed buffers.</summary>
    public static nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged<int, int, nint*, nint>)Api[69])(1, 0, &info));
        return info;
    }

    public static nint CreateTensorWithData(nint memoryInfo, void* data, nuint byteLength, long* shape, nuint rank, OnnxElementType type)
    {
        nint value;
        Check(((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Api[49])(
            memoryInfo, data, byteLength, shape, rank, (int)type, &value));
        return value;
    }

    public static void* GetTensorMutableData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged<nint, void**, nint>)Api[51])(value, &data));
        return data;
    }

    // ---- allocator ----

    /// <summary>ORT's process-wide CPU allocator; it is never released.</summary>
    public static nint GetDefaultAllocator()
    {
        nint allocator;
        Check(((delegate* unmanaged<nint*, nint>)Api[78])(&allocator));
        return allocator;
    }

    private static string? TakeAllocatedString(nint allocator, byte* value)
    {
        if (value == null)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8((nint)value);
        }
        finally
        {
            Check(((delegate* unmanaged<nint, void*, nint>)Api[76])(allocator, value));
        }
    }

    // Release slots, named for the callers.
    public const int ReleaseEnvSlot = 92;
    public const int ReleaseMemoryInfoSlot = 94;
    public const int ReleaseSessionSlot = 95;
    public const int ReleaseValueSlot = 96;
    public const int ReleaseTypeInfoSlot = 98;
    public const int ReleaseTensorTypeAndShapeInfoSlot = 99;
    public const int ReleaseSessionOptionsSlot = 100;
    public const int ReleaseModelMetadataSlot = 118;

    private sealed record Loaded(nint Table, string Path, string Version);
}

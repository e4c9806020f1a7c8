using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// An ONNX Runtime inference session. <see cref="Run(ReadOnlySpan{string}, ReadOnlySpan{OrtValue}, ReadOnlySpan{string})"/>
/// is safe to call from many threads at once (ORT guarantees it per session; each call brings its own values).
/// Disposal waits for nothing but is safe: the native session is released when the last running call returns.
/// </summary>
public sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtHandle _env;
    private readonly OrtHandle _session;

    // Names as NUL-terminated UTF-8 on the pinned object heap: stable addresses for the session's lifetime.
    private readonly Dictionary<string, byte[]> _names = new(StringComparer.Ordinal);

    private int _disposed;

    private OrtSession(OrtHandle env, OrtHandle session)
    {
        _env = env;
        _session = session;
        var h = session.DangerousGetHandle();
        Inputs = ReadNodes(h, output: false);
        Outputs = ReadNodes(h, output: true);
        foreach (var node in Inputs.Concat(Outputs))
        {
            _names[node.Name] = PinnedUtf8Z(node.Name);
        }

        var metadata = new OrtHandle(OrtNative.SessionGetModelMetadata(h), OrtNative.ReleaseModelMetadataSlot);
        using (metadata)
        {
            ProducerName = OrtNative.ModelMetadataGetProducerName(metadata.DangerousGetHandle()) ?? string.Empty;
        }
    }

    public IReadOnlyList<OrtNodeInfo> Inputs { get; }

    public IReadOnlyList<OrtNodeInfo> Outputs { get; }

    public string ProducerName { get; }

    public static OrtSession FromFile(string path, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = OrtSessionOptions.Utf8Z(Path.GetFullPath(path));
        return Create(options, (env, opts) =>
        {
            fixed (byte* p = fullPath)
            {
                return OrtNative.CreateSession(env, p, opts);
            }
        });
    }

    /// <summary>Parses the model from memory; ORT copies what it needs, so the bytes may be dropped afterwards.</summary>
    public static OrtSession FromBytes(ReadOnlySpan<byte> model, OrtSessionOptions? options = null)
    {
        fixed (byte* p = model)
        {
            var data = p;
            var length = (nuint)model.Length;
            return Create(options, (env, opts) => OrtNative.CreateSessionFromArray(env, data, length, opts));
        }
    }

    /// <summary>A <c>metadata_props</c> entry of the model, or null when the key is absent.</summary>
    public string? GetMetadata(string key)
    {
        var h = AddRef();
        try
        {
            using var metadata = new OrtHandle(OrtNative.SessionGetModelMetadata(h), OrtNative.ReleaseModelMetadataSlot);
            fixed (byte* k = OrtSessionOptions.Utf8Z(key))
            {
                return OrtNative.ModelMetadataLookup(metadata.DangerousGetHandle(), k);
            }
        }
        finally
        {
            _session.DangerousRelease();
        }
    }

    /// <summary>Runs the model on named inputs and returns every output, in <see cref="Outputs"/> order.</summary>
    public OrtValue[] Run(IReadOnlyDictionary<string, OrtValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var names = inputs.Keys.ToArray();
        var values = names.Select(n => inputs[n]).ToArray();
        return Run(names, values, Outputs.Select(o => o.Name).ToArray());
    }

    /// <summary>
    /// Runs the model. <paramref name="inputNames"/>[i] names <paramref name="inputs"/>[i]; the result holds one new
    /// value per entry of <paramref name="outputNames"/>, which the caller disposes.
    /// </summary>
    public OrtValue[] Run(ReadOnlySpan<string> inputNames, ReadOnlySpan<OrtValue> inputs, ReadOnlySpan<string> outputNames)
    {
        if (inputNames.Length != inputs.Length)
        {
            throw new ArgumentException($"{inputNames.Length} input names for {inputs.Length} values.", nameof(inputs));
        }

        var result = new OrtValue[outputNames.Length];
        int nIn = inputs.Length, nOut = outputNames.Length;
        var inNames = stackalloc byte*[nIn];
        var inValues = stackalloc nint[nIn];
        var outNames = stackalloc byte*[nOut];
        var outValues = stackalloc nint[nOut];
        List<byte[]>? keep = null; // names the session does not know (ORT will report them); alive until Run returns
        var session = AddRef();
        var referenced = 0;
        try
        {
            for (var i = 0; i < nIn; i++)
            {
                inNames[i] = NamePointer(inputNames[i], ref keep);
                var success = false;
                inputs[i].Handle.DangerousAddRef(ref success); // a disposed input throws here, before it is counted
                referenced++;
                inValues[i] = inputs[i].Handle.DangerousGetHandle();
            }

            for (var i = 0; i < nOut; i++)
            {
                outNames[i] = NamePointer(outputNames[i], ref keep);
                outValues[i] = 0;
            }

            OrtNative.Run(session, inNames, inValues, (nuint)nIn, outNames, (nuint)nOut, outValues);
            GC.KeepAlive(keep);
        }
        finally
        {
            for (var i = 0; i < referenced; i++)
            {
                inputs[i].Handle.DangerousRelease();
            }

            _session.DangerousRelease();
        }

        // Take ownership of every output before anything can throw, so none leaks.
        var owned = new OrtValueHandle[nOut];
        for (var i = 0; i < nOut; i++)
        {
            owned[i] = new OrtValueHandle(outValues[i], default);
        }

        try
        {
            for (var i = 0; i < nOut; i++)
            {
                result[i] = OrtValue.FromOwned(owned[i]);
            }
        }
        catch
        {
            foreach (var h in owned)
            {
                h.Dispose();
            }

            throw;
        }

        return result;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _env.DangerousRelease();
        }
    }

    private static OrtSession Create(OrtSessionOptions? options, Func<nint, nint, nint> create)
    {
        var env = OrtEnvironment.Env;
        var success = false;
        env.DangerousAddRef(ref success);
        OrtHandle? session = null;
        try
        {
            using (var native = (options ?? new OrtSessionOptions()).CreateNative())
            {
                session = new OrtHandle(create(env.DangerousGetHandle(), native.DangerousGetHandle()), OrtNative.ReleaseSessionSlot);
            }

            return new OrtSession(env, session);
        }
        catch
        {
            session?.Dispose();
            env.DangerousRelease();
            throw;
        }
    }

    private static OrtNodeInfo[] ReadNodes(nint session, bool output)
    {
        var count = (int)(output ? OrtNative.SessionGetOutputCount(session) : OrtNative.SessionGetInputCount(session));
        var nodes = new OrtNodeInfo[count];
        for (var i = 0; i < count; i++)
        {
            var name = OrtNative.SessionGetName(session, output, (nuint)i);
            using var typeInfo = new OrtHandle(OrtNative.SessionGetTypeInfo(session, output, (nuint)i), OrtNative.ReleaseTypeInfoSlot);
            var tensorInfo = OrtNative.CastTypeInfoToTensorInfo(typeInfo.DangerousGetHandle());
            nodes[i] = tensorInfo == 0
                ? new OrtNodeInfo(name, OnnxElementType.Undefined, [])
                : new OrtNodeInfo(name, OrtNative.GetTensorElementType(tensorInfo), OrtNative.GetDimensions(tensorInfo));
        }

        return nodes;
    }

    private static byte[] PinnedUtf8Z(string s)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(System.Text.Encoding.UTF8.GetByteCount(s) + 1, pinned: true);
        var written = System.Text.Encoding.UTF8.GetBytes(s, bytes);
        bytes[written] = 0;
        return bytes;
    }

    private static byte* AddressOf(byte[] pinned) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    private byte* NamePointer(string name, ref List<byte[]>? keep)
    {
        if (!_names.TryGetValue(name, out var bytes))
        {
            bytes = PinnedUtf8Z(name);
            (keep ??= []).Add(bytes);
        }

        return AddressOf(bytes);
    }

    private nint AddRef()
    {
        var success = false;
        _session.DangerousAddRef(ref success); // throws ObjectDisposedException once disposed
        return _session.DangerousGetHandle();
    }
}

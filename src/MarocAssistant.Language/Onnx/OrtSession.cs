using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// An ONNX Runtime <see cref="InferenceSession"/> with the project's settings, its model metadata read once, and safe
/// disposal: <see cref="Dispose"/> may race running calls (the host disposes while requests finish), and the native
/// session is released only when the last running call returns; a call after disposal throws
/// <see cref="ObjectDisposedException"/> instead of reaching freed memory. Runs are safe from many threads at once
/// (ORT guarantees it per session; each call brings its own values).
/// </summary>
public sealed class OrtSession : IDisposable
{
    private static readonly OrtSessionOptions DefaultOptions = new();

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly SessionLease _lease;
    private readonly Dictionary<string, string> _metadata;

    private OrtSession(InferenceSession session)
    {
        _session = session;
        Inputs = session.InputNames.Select(n => NodeInfo(n, session.InputMetadata[n])).ToArray();
        Outputs = session.OutputNames.Select(n => NodeInfo(n, session.OutputMetadata[n])).ToArray();
        var metadata = session.ModelMetadata;
        ProducerName = metadata.ProducerName ?? string.Empty;
        _metadata = new Dictionary<string, string>(metadata.CustomMetadataMap, StringComparer.Ordinal);

        // One RunOptions for every call: ORT only reads it during a run, as InferenceSession's own overloads do.
        _runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        _lease = new SessionLease(session, _runOptions);
    }

    public IReadOnlyList<OrtNodeInfo> Inputs { get; }

    public IReadOnlyList<OrtNodeInfo> Outputs { get; }

    public string ProducerName { get; }

    public static OrtSession FromFile(string path, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        return Create(options, native => new InferenceSession(fullPath, native));
    }

    /// <summary>Parses the model from memory; ORT copies what it needs, so the bytes may be dropped afterwards.</summary>
    public static OrtSession FromBytes(byte[] model, OrtSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(options, native => new InferenceSession(model, native));
    }

    /// <summary>A <c>metadata_props</c> entry of the model, or null when the key is absent.</summary>
    public string? GetMetadata(string key) => _metadata.GetValueOrDefault(key);

    /// <summary>Runs the model on named inputs and returns every output, in <see cref="Outputs"/> order; the caller disposes them.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyDictionary<string, OrtValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Enter();
        try
        {
            return _session.Run(_runOptions, inputs, _session.OutputNames);
        }
        finally
        {
            _lease.DangerousRelease();
        }
    }

    /// <summary>
    /// Runs the model. <paramref name="inputNames"/>[i] names <paramref name="inputs"/>[i]; the result holds one new
    /// value per entry of <paramref name="outputNames"/>, which the caller disposes.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(
        IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames)
    {
        Enter();
        try
        {
            return _session.Run(_runOptions, inputNames, inputs, outputNames);
        }
        finally
        {
            _lease.DangerousRelease();
        }
    }

    /// <summary>
    /// Runs the model and writes its outputs into <paramref name="outputs"/>, tensors the caller made over its own
    /// buffers with the outputs' exact shapes: no output memory is allocated by ORT nor copied afterwards.
    /// </summary>
    public void Run(
        IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs,
        IReadOnlyCollection<string> outputNames,
        IReadOnlyCollection<OrtValue> outputs)
    {
        Enter();
        try
        {
            _session.Run(_runOptions, inputNames, inputs, outputNames, outputs);
        }
        finally
        {
            _lease.DangerousRelease();
        }
    }

    public void Dispose() => _lease.Dispose();

    private static OrtSession Create(OrtSessionOptions? options, Func<SessionOptions, InferenceSession> create)
    {
        _ = OrtRuntime.Environment; // our environment settings, before the package would create its default one
        InferenceSession session;
        using (var native = (options ?? DefaultOptions).ToSessionOptions())
        {
            session = create(native);
        }

        try
        {
            return new OrtSession(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static OrtNodeInfo NodeInfo(string name, NodeMetadata metadata) =>
        metadata.IsTensor
            ? new OrtNodeInfo(name, (OnnxElementType)(int)metadata.ElementDataType, Array.ConvertAll(metadata.Dimensions, d => (long)d))
            : new OrtNodeInfo(name, OnnxElementType.Undefined, []);

    private void Enter()
    {
        var added = false;
        _lease.DangerousAddRef(ref added); // throws ObjectDisposedException once disposed
    }

    /// <summary>
    /// Used only for its thread-safe reference count: <see cref="SafeHandle"/> releases (here: disposes the session)
    /// when it has been disposed and the last <c>DangerousAddRef</c> has been matched by its release.
    /// </summary>
    private sealed class SessionLease : SafeHandle
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions;

        public SessionLease(InferenceSession session, RunOptions runOptions)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            _session = session;
            _runOptions = runOptions;
            SetHandle(1); // any non-zero value: there is no native handle of our own
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            _session.Dispose();
            _runOptions.Dispose();
            return true;
        }
    }
}

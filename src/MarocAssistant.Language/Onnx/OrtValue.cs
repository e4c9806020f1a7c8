using System.Buffers;
using System.Runtime.InteropServices;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// A tensor handed to or returned by ONNX Runtime. Input tensors wrap a managed buffer without copying it
/// (the buffer stays pinned until disposal); output tensors own memory that ORT allocated. Dispose every value.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private readonly OrtValueHandle _handle;
    private readonly long[] _shape;

    private OrtValue(OrtValueHandle handle, OnnxElementType elementType, long[] shape)
    {
        _handle = handle;
        ElementType = elementType;
        _shape = shape;
    }

    public OnnxElementType ElementType { get; }

    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The number of elements (the product of <see cref="Shape"/>).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Shape)
            {
                count *= d;
            }

            return count;
        }
    }

    internal OrtValueHandle Handle => _handle;

    /// <summary>Wraps <paramref name="data"/> as a tensor of the given shape, without a copy.</summary>
    public static OrtValue CreateTensor<T>(Memory<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        var type = OnnxElementTypes.Of<T>();
        long count = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(",", shape.ToArray())}] holds {count} elements but the buffer has {data.Length}.", nameof(data));
        }

        var pin = data.Pin();
        try
        {
            nint value;
            fixed (long* s = shape)
            {
                value = OrtNative.CreateTensorWithData(
                    OrtEnvironment.CpuMemoryInfo, pin.Pointer, (nuint)(data.Length * sizeof(T)), s, (nuint)shape.Length, type);
            }

            return new OrtValue(new OrtValueHandle(value, pin), type, shape.ToArray());
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a whole array; a convenience for <see cref="CreateTensor{T}(Memory{T}, ReadOnlySpan{long})"/>.</summary>
    public static OrtValue CreateTensor<T>(T[] data, params long[] shape)
        where T : unmanaged => CreateTensor(data.AsMemory(), shape);

    /// <summary>The tensor's elements, read in place. Valid until the value is disposed.</summary>
    public ReadOnlySpan<T> GetTensorData<T>()
        where T : unmanaged
    {
        if (OnnxElementTypes.Of<T>() != ElementType)
        {
            throw new InvalidOperationException($"The tensor holds {ElementType}, not {typeof(T).Name}.");
        }

        var h = DangerousHandle();
        return new ReadOnlySpan<T>(OrtNative.GetTensorMutableData(h), checked((int)ElementCount));
    }

    /// <summary>A managed copy of the elements.</summary>
    public T[] ToArray<T>()
        where T : unmanaged => GetTensorData<T>().ToArray();

    public void Dispose() => _handle.Dispose();

    /// <summary>Wraps a value that ORT allocated (a <c>Run</c> output); the caller disposes the handle if this throws.</summary>
    internal static OrtValue FromOwned(OrtValueHandle handle)
    {
        var value = handle.DangerousGetHandle();
        if (OrtNative.GetValueType(value) != 1)
        {
            throw new NotSupportedException("Only tensor outputs are supported.");
        }

        using var info = new OrtHandle(OrtNative.GetTensorTypeAndShape(value), OrtNative.ReleaseTensorTypeAndShapeInfoSlot);
        var i = info.DangerousGetHandle();
        return new OrtValue(handle, OrtNative.GetTensorElementType(i), OrtNative.GetDimensions(i));
    }

    private nint DangerousHandle()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _handle.DangerousGetHandle();
    }
}

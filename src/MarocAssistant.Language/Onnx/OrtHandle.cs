using System.Buffers;
using System.Runtime.InteropServices;

namespace MarocAssistant.Language.Onnx;

/// <summary>
/// Owns one native ORT object and releases it with its <c>Release*</c> slot. The SafeHandle reference count keeps
/// the object alive while a call on another thread still uses it, so disposal never races a running <c>Run</c>.
/// </summary>
internal class OrtHandle : SafeHandle
{
    private readonly int _releaseSlot;

    public OrtHandle(nint handle, int releaseSlot)
        : base(0, ownsHandle: true)
    {
        _releaseSlot = releaseSlot;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        OrtNative.Release(_releaseSlot, handle);
        return true;
    }
}

/// <summary>An OrtValue; when it wraps a managed buffer, the pin is held until the value is released.</summary>
internal sealed class OrtValueHandle : OrtHandle
{
    private MemoryHandle _pin;

    public OrtValueHandle(nint handle, MemoryHandle pin)
        : base(handle, OrtNative.ReleaseValueSlot)
    {
        _pin = pin;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        _pin.Dispose();
        return true;
    }
}

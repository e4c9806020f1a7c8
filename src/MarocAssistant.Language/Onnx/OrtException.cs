namespace MarocAssistant.Language.Onnx;

/// <summary>An error reported by ONNX Runtime through an <c>OrtStatus</c>.</summary>
public sealed class OrtException : Exception
{
    public OrtException()
    {
    }

    public OrtException(string message)
        : base(message)
    {
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OrtException(OrtErrorCode code, string message)
        : base($"ONNX Runtime error {code}: {message}")
    {
        Code = code;
        OrtMessage = message;
    }

    public OrtErrorCode Code { get; } = OrtErrorCode.Fail;

    /// <summary>The message exactly as ORT wrote it.</summary>
    public string OrtMessage { get; } = string.Empty;
}

/// <summary>The <c>OrtErrorCode</c> values of the C API.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
    DeviceReset = 15,
}

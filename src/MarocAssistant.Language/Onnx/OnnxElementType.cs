namespace MarocAssistant.Language.Onnx;

/// <summary>
/// Tensor element types. The numbers are both ONNX <c>TensorProto.DataType</c> and ORT's
/// <c>ONNXTensorElementDataType</c>, which agree by design.
/// </summary>
public enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
}

/// <summary>Maps CLR element types to <see cref="OnnxElementType"/>.</summary>
public static class OnnxElementTypes
{
    public static OnnxElementType Of<T>()
        where T : unmanaged => default(T) switch
        {
            float => OnnxElementType.Float,
            long => OnnxElementType.Int64,
            int => OnnxElementType.Int32,
            double => OnnxElementType.Double,
            byte => OnnxElementType.UInt8,
            sbyte => OnnxElementType.Int8,
            short => OnnxElementType.Int16,
            ushort => OnnxElementType.UInt16,
            uint => OnnxElementType.UInt32,
            ulong => OnnxElementType.UInt64,
            bool => OnnxElementType.Bool,
            Half => OnnxElementType.Float16,
            _ => throw new NotSupportedException($"No ONNX tensor element type for {typeof(T)}."),
        };
}

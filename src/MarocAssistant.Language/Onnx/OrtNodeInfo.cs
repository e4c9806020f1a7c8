namespace MarocAssistant.Language.Onnx;

/// <summary>A model input or output: its name, element type and shape (-1 for a symbolic dimension).</summary>
public sealed record OrtNodeInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(",", Shape)}]";
}

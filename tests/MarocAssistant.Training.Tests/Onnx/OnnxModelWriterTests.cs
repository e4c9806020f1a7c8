using MarocAssistant.Training.Onnx;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Training.Tests.Onnx;

public sealed class OnnxModelWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-writer-").FullName;

    [Fact]
    public void ToBytes_SameModel_IdenticalBytes()
    {
        Assert.Equal(OnnxModelWriter.ToBytes(TinyModels.AddMatMul()), OnnxModelWriter.ToBytes(TinyModels.AddMatMul()));
    }

    [Fact]
    public void WriteFile_TestModels_PassOnnxChecker()
    {
        Requirements.SkipUnless(OnnxChecker.IsAvailable, "python3-onnx (apt-get install -y python3-onnx) for /usr/bin/python3");
        var tiny = Path.Combine(_dir, "tiny.onnx");
        var attributes = Path.Combine(_dir, "attributes.onnx");
        OnnxModelWriter.WriteFile(TinyModels.AddMatMul(), tiny);
        OnnxModelWriter.WriteFile(TinyModels.WithAttributes(), attributes);

        var (exitCode, output) = OnnxChecker.Check(tiny, attributes);

        Assert.True(exitCode == 0, output);
        Assert.Equal(["ok 8", "ok 8"], output.Trim().Split('\n'));
    }

    [Fact]
    public void WriteFile_UnknownOperator_FailsOnnxChecker()
    {
        // The checker really checks: a made-up operator must be rejected.
        Requirements.SkipUnless(OnnxChecker.IsAvailable, "python3-onnx (apt-get install -y python3-onnx) for /usr/bin/python3");
        var model = TinyModels.AddMatMul();
        var broken = model with
        {
            Graph = model.Graph with { Nodes = [.. model.Graph.Nodes.Take(2), new OnnxNode("NoSuchOp", ["ids"], ["z"])] },
        };
        var path = Path.Combine(_dir, "broken.onnx");
        OnnxModelWriter.WriteFile(broken, path);

        var (exitCode, _) = OnnxChecker.Check(path);

        Assert.NotEqual(0, exitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

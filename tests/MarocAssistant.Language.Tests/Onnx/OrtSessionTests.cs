using MarocAssistant.Language.Onnx;
using MarocAssistant.Testing;
using MarocAssistant.Training.Onnx;
using MarocAssistant.Training.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace MarocAssistant.Language.Tests.Onnx;

public sealed class OrtSessionTests
{
    private static readonly byte[] ModelBytes = OnnxModelWriter.ToBytes(TinyModels.AddMatMul());

    [Fact]
    public void Version_LoadedLibrary_Is1320()
    {
        RequireOrt();
        Assert.Equal("1.32.0", OrtRuntime.Version);
    }

    [Fact]
    public void FromBytes_TinyModel_ReportsInputsOutputsAndMetadata()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);

        Assert.Equal(["x", "ids"], session.Inputs.Select(i => i.Name));
        Assert.Equal(OnnxElementType.Float, session.Inputs[0].ElementType);
        Assert.Equal([-1L, 3L], session.Inputs[0].Shape);
        Assert.Equal(OnnxElementType.Int64, session.Outputs[1].ElementType);
        Assert.Equal("maroc-tests", session.ProducerName);
        Assert.Equal("مرحبا ⵣ", session.GetMetadata("note"));
        Assert.Null(session.GetMetadata("absent"));
    }

    [Fact]
    public void Run_FloatAndInt64Inputs_MatchReference()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        float[] x = [1f, 2f, 3f, -4f, 0.5f, 8f];
        long[] ids = [0, long.MaxValue - Offset()];
        using var xv = Tensor(x, 2, 3);
        using var idv = Tensor(ids, 2);

        using var outputs = session.Run(["x", "ids"], [xv, idv], ["y", "z"]);
        var y = outputs[0];
        var z = outputs[1];

        Assert.Equal([2L, 2L], y.GetTensorTypeAndShape().Shape);
        Assert.Equal(TinyModels.ReferenceY(x), y.GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal([TinyModels.Offset, long.MaxValue], z.GetTensorDataAsSpan<long>().ToArray());
    }

    [Fact]
    public void Run_IntoCallerBuffers_WritesOutputsInPlace()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        float[] x = [1f, 2f, 3f, -4f, 0.5f, 8f];
        var y = new float[4];
        var z = new long[2];
        using var xv = Tensor(x, 2, 3);
        using var idv = Tensor(new long[] { 1, 2 }, 2);
        using var yv = Tensor(y, 2, 2);
        using var zv = Tensor(z, 2);

        session.Run(["x", "ids"], [xv, idv], ["y", "z"], [yv, zv]);

        Assert.Equal(TinyModels.ReferenceY(x), y);
        Assert.Equal([TinyModels.Offset + 1, TinyModels.Offset + 2], z);
    }

    [Fact]
    public void Run_AttributesModel_SoftmaxRowsSumToOne()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(TinyModels.WithAttributes()));
        var x = Enumerable.Range(0, 3 * 2 * 4).Select(i => (float)Math.Sin(i)).ToArray();
        using var xv = Tensor(x, 3, 2, 4);

        using var outputs = session.Run(new Dictionary<string, OrtValue> { ["x"] = xv });
        var p = outputs[0];

        Assert.Equal([3L, 4L], p.GetTensorTypeAndShape().Shape);
        var probs = p.GetTensorDataAsSpan<float>().ToArray();
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(1f, probs.Skip(r * 4).Take(4).Sum(), 5);
        }
    }

    [Fact]
    public void FromFile_SameModel_SameResultsAsFromBytes()
    {
        RequireOrt();
        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, ModelBytes);
        try
        {
            using var fromFile = OrtSession.FromFile(path);
            using var fromBytes = OrtSession.FromBytes(ModelBytes);
            float[] x = [0.1f, 0.2f, 0.3f];
            Assert.Equal(RunY(fromBytes, x), RunY(fromFile, x));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_BadInputName_ThrowsInvalidArgument()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = Tensor(new float[3], 1, 3);
        using var idv = Tensor(new long[1], 1);

        var ex = Assert.Throws<OnnxRuntimeException>(() => session.Run(["idz", "x"], [idv, xv], ["z"]).Dispose());

        Assert.Contains("InvalidArgument", ex.Message, StringComparison.Ordinal);
        Assert.Contains("idz", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TinyModels.ReferenceY(new float[3]), RunY(session, new float[3])); // still usable
    }

    [Fact]
    public void Run_WrongElementType_ThrowsInvalidArgument()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = Tensor(new float[3], 1, 3);
        using var wrong = Tensor(new float[1], 1);

        var ex = Assert.Throws<OnnxRuntimeException>(() => session.Run(["x", "ids"], [xv, wrong], ["z"]).Dispose());

        Assert.Contains("InvalidArgument", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_MissingFile_ThrowsNoSuchFile()
    {
        RequireOrt();
        var ex = Assert.Throws<OnnxRuntimeException>(() => OrtSession.FromFile("/nonexistent/model.onnx"));
        Assert.Contains("NoSuchFile", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_NotOnnx_ThrowsInvalidProtobuf()
    {
        RequireOrt();
        var ex = Assert.Throws<OnnxRuntimeException>(() => OrtSession.FromBytes("not a model"u8.ToArray()));
        Assert.Contains("InvalidProtobuf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTensor_ShapeDoesNotMatchBuffer_Throws()
    {
        RequireOrt();
        Assert.Throws<OnnxRuntimeException>(() => Tensor(new float[5], 2, 3));
    }

    [Fact]
    public async Task Run_ConcurrentThreadsOnOneSession_EveryResultCorrect()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        var failures = 0;

        var workers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var x = new[] { t, i, (float)(t * i) % 7, -t, i * 0.5f, 1f };
                if (!RunY(session, x).SequenceEqual(TinyModels.ReferenceY(x)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(workers);

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Dispose_ThenRun_ThrowsObjectDisposed()
    {
        RequireOrt();
        var session = OrtSession.FromBytes(ModelBytes);
        session.Dispose();
        session.Dispose(); // twice is harmless

        Assert.Throws<ObjectDisposedException>(() => RunY(session, new float[3]));
    }

    // The package's OrtValue does not guard reads after disposal (the process crashes), so the detector and the
    // encoder never read ORT-owned outputs: ORT writes into their own arrays, which stay valid once the values are gone.
    [Fact]
    public void Run_IntoCallerBuffers_ResultOutlivesTheValues()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        float[] x = [0.1f, 0.2f, 0.3f];
        var y = new float[2];
        using (var xv = Tensor(x, 1, 3))
        using (var idv = Tensor(new long[1], 1))
        using (var yv = Tensor(y, 1, 2))
        {
            session.Run(["x", "ids"], [xv, idv], ["y"], [yv]);
        }

        GC.Collect();
        Assert.Equal(TinyModels.ReferenceY(x), y);
    }

    [Fact]
    public void Run_IntoBufferOfWrongShape_ThrowsAndSessionStillWorks()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = Tensor(new float[6], 2, 3);
        using var idv = Tensor(new long[2], 2);
        using var yv = Tensor(new float[2], 1, 2);

        Assert.Throws<OnnxRuntimeException>(() => session.Run(["x", "ids"], [xv, idv], ["y"], [yv]));
        Assert.Equal(TinyModels.ReferenceY([1f, 2f, 3f]), RunY(session, [1f, 2f, 3f]));
    }

    [Fact]
    public void Run_DisposedInput_RefusedAndSessionStillWorks()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = Tensor(new float[3], 1, 3);
        var idv = Tensor(new long[1], 1);
        idv.Dispose();

        var ex = Assert.Throws<OnnxRuntimeException>(() => session.Run(["x", "ids"], [xv, idv], ["y"]).Dispose());

        Assert.Contains("NULL input", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TinyModels.ReferenceY([1f, 2f, 3f]), RunY(session, [1f, 2f, 3f]));
    }

    private static long Offset() => TinyModels.Offset;

    private static OrtValue Tensor<T>(T[] data, params long[] shape)
        where T : unmanaged => OrtValue.CreateTensorValueFromMemory(data, shape);

    // ORT wants every graph input fed, even for an output that does not depend on it.
    private static float[] RunY(OrtSession session, float[] x)
    {
        using var xv = Tensor(x, x.Length / 3, 3);
        using var idv = Tensor(new long[x.Length / 3], x.Length / 3);
        using var outputs = session.Run(["x", "ids"], [xv, idv], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static void RequireOrt() =>
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
}

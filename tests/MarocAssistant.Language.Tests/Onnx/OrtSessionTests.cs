using MarocAssistant.Language.Onnx;
using MarocAssistant.Language.Onnx.Writer;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Language.Tests.Onnx;

public sealed class OrtSessionTests
{
    private static readonly byte[] ModelBytes = OnnxModelWriter.ToBytes(TinyModels.AddMatMul());

    [Fact]
    public void Version_LoadedLibrary_Is1300()
    {
        RequireOrt();
        Assert.Equal("1.30.0", OrtRuntime.Version);
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
        using var xv = OrtValue.CreateTensor(x, 2, 3);
        using var idv = OrtValue.CreateTensor(ids, 2);

        var outputs = session.Run(["x", "ids"], [xv, idv], ["y", "z"]);
        try
        {
            Assert.Equal([2L, 2L], outputs[0].Shape);
            Assert.Equal(TinyModels.ReferenceY(x), outputs[0].ToArray<float>());
            Assert.Equal([TinyModels.Offset, long.MaxValue], outputs[1].ToArray<long>());
        }
        finally
        {
            foreach (var o in outputs)
            {
                o.Dispose();
            }
        }
    }

    [Fact]
    public void Run_AttributesModel_SoftmaxRowsSumToOne()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(TinyModels.WithAttributes()));
        var x = Enumerable.Range(0, 3 * 2 * 4).Select(i => (float)Math.Sin(i)).ToArray();
        using var xv = OrtValue.CreateTensor(x, 3, 2, 4);

        var outputs = session.Run(new Dictionary<string, OrtValue> { ["x"] = xv });
        using var p = outputs[0];

        Assert.Equal([3L, 4L], p.Shape);
        var probs = p.ToArray<float>();
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
        using var xv = OrtValue.CreateTensor(new float[3], 1, 3);
        using var idv = OrtValue.CreateTensor(new long[1], 1);

        var ex = Assert.Throws<OrtException>(() => session.Run(["idz", "x"], [idv, xv], ["z"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("idz", ex.OrtMessage, StringComparison.Ordinal);
        Assert.Equal(TinyModels.ReferenceY(new float[3]), RunY(session, new float[3])); // still usable
    }

    [Fact]
    public void Run_WrongElementType_ThrowsInvalidArgument()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = OrtValue.CreateTensor(new float[3], 1, 3);
        using var wrong = OrtValue.CreateTensor(new float[1], 1);

        var ex = Assert.Throws<OrtException>(() => session.Run(["x", "ids"], [xv, wrong], ["z"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public void FromFile_MissingFile_ThrowsNoSuchFile()
    {
        RequireOrt();
        var ex = Assert.Throws<OrtException>(() => OrtSession.FromFile("/nonexistent/model.onnx"));
        Assert.Equal(OrtErrorCode.NoSuchFile, ex.Code);
    }

    [Fact]
    public void FromBytes_NotOnnx_ThrowsInvalidProtobuf()
    {
        RequireOrt();
        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes("not a model"u8));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, ex.Code);
    }

    [Fact]
    public void CreateTensor_ShapeDoesNotMatchBuffer_Throws()
    {
        RequireOrt();
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(new float[5], 2, 3));
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

    [Fact]
    public void Dispose_Output_ThenRead_ThrowsObjectDisposed()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = OrtValue.CreateTensor(new float[3], 1, 3);
        using var idv = OrtValue.CreateTensor(new long[1], 1);
        var y = session.Run(["x", "ids"], [xv, idv], ["y"])[0];
        y.Dispose();

        Assert.Throws<ObjectDisposedException>(() => y.ToArray<float>());
    }

    [Fact]
    public void Run_DisposedInput_ThrowsObjectDisposedAndSessionStillWorks()
    {
        RequireOrt();
        using var session = OrtSession.FromBytes(ModelBytes);
        using var xv = OrtValue.CreateTensor(new float[3], 1, 3);
        var idv = OrtValue.CreateTensor(new long[1], 1);
        idv.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(["x", "ids"], [xv, idv], ["y"]));
        Assert.Equal(TinyModels.ReferenceY([1f, 2f, 3f]), RunY(session, [1f, 2f, 3f]));
    }

    private static long Offset() => TinyModels.Offset;

    // ORT wants every graph input fed, even for an output that does not depend on it.
    private static float[] RunY(OrtSession session, float[] x)
    {
        using var xv = OrtValue.CreateTensor(x, x.Length / 3, 3);
        using var idv = OrtValue.CreateTensor(new long[x.Length / 3], x.Length / 3);
        using var y = session.Run(["x", "ids"], [xv, idv], ["y"])[0];
        return y.ToArray<float>();
    }

    private static void RequireOrt() =>
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
}

using System.Diagnostics;

namespace MarocAssistant.Training.Tests.Onnx;

/// <summary>Runs the ONNX project's own checker (Debian python3-onnx, under /usr/bin/python3) on a file.</summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> AvailableLazy = new(() => File.Exists(Python) && Run("import onnx").ExitCode == 0);

    public static bool IsAvailable => AvailableLazy.Value;

    /// <summary>Checks each file in one interpreter (starting Python and importing onnx is the slow part).</summary>
    public static (int ExitCode, string Output) Check(params string[] paths) =>
        Run("import onnx, sys\nfor p in sys.argv[1:]:\n    m = onnx.load(p); onnx.checker.check_model(m, full_check=True); print('ok', m.ir_version)", paths);

    private static (int ExitCode, string Output) Run(string code, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(code);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}

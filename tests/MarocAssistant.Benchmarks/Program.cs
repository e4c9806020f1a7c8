using BenchmarkDotNet.Running;

namespace MarocAssistant.Benchmarks;

/// <summary>
/// Every benchmark class of this assembly; pick with --filter, e.g. --filter '*Retrieval*'. Not top-level statements:
/// their class <c>Program</c> would hide the host's, which <see cref="Host.HttpTurnBenchmarks"/> starts.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}

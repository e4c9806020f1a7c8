using System.Reflection;
using System.Text.Json;

namespace MarocAssistant.Host.Tests.Deployment;

/// <summary>
/// The host ships what it runs: the offline tooling (MarocAssistant.Training: trainers, evaluators, the ONNX writer,
/// the corpus checker) is for the CLI and the tests, and must not reach the host through any project reference.
/// </summary>
public sealed class HostDependenciesTests
{
    private const string Training = "MarocAssistant.Training";

    [Fact]
    public void DepsJson_HostGraph_ExcludesTraining()
    {
        // The host's own dependency file (copied beside the tests by Mvc.Testing): every project and package it
        // loads, whether or not its code calls them.
        var path = Path.Combine(AppContext.BaseDirectory, "MarocAssistant.Host.deps.json");
        Assert.True(File.Exists(path), path + " is missing");
        using var deps = JsonDocument.Parse(File.ReadAllText(path));
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var versions = target.EnumerateObject().ToDictionary(p => p.Name[..p.Name.IndexOf('/', StringComparison.Ordinal)], p => p.Name, StringComparer.Ordinal);

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([versions["MarocAssistant.Host"]]);
        while (pending.TryPop(out var library))
        {
            if (!reached.Add(library) || !target.GetProperty(library).TryGetProperty("dependencies", out var dependencies))
            {
                continue;
            }

            foreach (var dependency in dependencies.EnumerateObject())
            {
                pending.Push(dependency.Name + "/" + dependency.Value.GetString());
            }
        }

        Assert.Contains(reached, l => l.StartsWith("MarocAssistant.Language/", StringComparison.Ordinal)); // the walk goes all the way down
        Assert.DoesNotContain(reached, l => l.StartsWith(Training + "/", StringComparison.Ordinal));
        Assert.DoesNotContain(deps.RootElement.GetProperty("libraries").EnumerateObject(), l => l.Name.StartsWith(Training + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void ReferencedAssemblies_HostAssembly_ExcludeTraining()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(Program).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                // Training is not loaded if named: it is not beside the host's assemblies, and its name is the finding.
                if (reference.Name is { } name && name.StartsWith("MarocAssistant.", StringComparison.Ordinal) && seen.Add(name) && name != Training)
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        Assert.Contains("MarocAssistant.Language", seen);
        Assert.DoesNotContain(Training, seen);
    }
}

using System.Reflection;
using System.Text.Json;

namespace MarocAssistant.Host.Tests.Deployment;

/// <summary>
/// The host ships what it runs: the offline tooling (MarocAssistant.Training: trainers, evaluators, the ONNX writer,
/// the corpus checker) is for the CLI and the tests, and must not reach the host through any project reference; and
/// the projects below the host reference only downwards along the request path.
/// </summary>
public sealed class HostDependenciesTests
{
    private const string Training = "MarocAssistant.Training";

    [Fact]
    public void DepsJson_HostGraph_ExcludesTraining()
    {
        using var deps = HostDeps();
        var reached = Reached(deps, "MarocAssistant.Host");

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

    [Theory]
    [InlineData("MarocAssistant.State.Redis", "MarocAssistant.Channels")] // state stores are below the channels
    [InlineData("MarocAssistant.Conversation", "MarocAssistant.Recording")] // recording observes turns, never the reverse
    [InlineData("MarocAssistant.Activities", "MarocAssistant.Conversation")] // the wire types are below the pipeline
    public void DepsJson_ProjectGraph_LowerProjectDoesNotReachHigher(string lower, string higher)
    {
        using var deps = HostDeps();
        var reached = Reached(deps, lower);

        Assert.Contains(reached, l => l.StartsWith(lower + "/", StringComparison.Ordinal));
        Assert.DoesNotContain(reached, l => l.StartsWith(higher + "/", StringComparison.Ordinal));
    }

    /// <summary>
    /// The host's own dependency file (copied beside the tests by Mvc.Testing): every project and package it loads,
    /// whether or not its code calls them.
    /// </summary>
    private static JsonDocument HostDeps()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "MarocAssistant.Host.deps.json");
        Assert.True(File.Exists(path), path + " is missing");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    /// <summary>Every library <paramref name="project"/> depends on, directly or not, itself included.</summary>
    private static HashSet<string> Reached(JsonDocument deps, string project)
    {
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var versions = target.EnumerateObject().ToDictionary(p => p.Name[..p.Name.IndexOf('/', StringComparison.Ordinal)], p => p.Name, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([versions[project]]);
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

        return reached;
    }
}

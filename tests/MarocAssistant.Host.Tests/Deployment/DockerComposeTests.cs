using MarocAssistant.Testing;
using YamlDotNet.RepresentationModel;

namespace MarocAssistant.Host.Tests.Deployment;

/// <summary>No Docker engine runs here, so the compose file is checked as data: valid YAML, the right images and wiring.</summary>
public sealed class DockerComposeTests
{
    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return (YamlMappingNode)root["services"];
    }

    [Fact]
    public void Compose_Services_AreAssistantQdrantAndRedis()
    {
        var names = Services().Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["assistant", "qdrant", "redis"], names);
        Assert.StartsWith("qdrant/qdrant:v1.19.", Services()["qdrant"]["image"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("redis:", Services()["redis"]["image"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Assistant_IsConfiguredByEnvironmentToUseQdrantAndRedis()
    {
        var assistant = (YamlMappingNode)Services()["assistant"];
        var environment = ((YamlMappingNode)assistant["environment"]).Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString());

        Assert.Equal("Qdrant", environment["Retrieval__Backend"]);
        Assert.Equal("http://qdrant:6334", environment["Qdrant__Endpoint"]);
        Assert.Contains("6334", ((YamlSequenceNode)Services()["qdrant"]["expose"]).Children.Select(c => c.ToString()));
        Assert.Equal("redis:6379", environment["State__Redis"]);
        Assert.Contains("5080:5080", ((YamlSequenceNode)assistant["ports"]).Children.Select(c => c.ToString()));
        var dependsOn = ((YamlMappingNode)assistant["depends_on"]).Children.Keys.Select(k => k.ToString());
        Assert.Equal(["qdrant", "redis"], dependsOn.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dockerfile_PublishesHostAndListensOnComposePort()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));

        Assert.Contains("src/MarocAssistant.Host/MarocAssistant.Host.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Contains("--use-current-runtime", dockerfile, StringComparison.Ordinal);   // ReadyToRun (see the project)
        Assert.Contains("EXPOSE 5080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"MarocAssistant.Host.dll\"]", dockerfile, StringComparison.Ordinal);
    }
}

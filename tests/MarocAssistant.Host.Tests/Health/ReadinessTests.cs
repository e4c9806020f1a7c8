using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Host.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Host.Tests.Health;

/// <summary><c>/readyz</c> tells anyone the status, and its checks' details only to this machine or the administrator.</summary>
public sealed class ReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_FromAnotherMachineWithoutKey_StatusOnly()
    {
        await using var host = AssistantHost.Start();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/readyz", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (string?)JsonNode.Parse(text)!["status"]);
        Assert.Equal(["status"], JsonNode.Parse(text)!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain("Search", text, StringComparison.Ordinal);
        Assert.DoesNotContain("checks", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("wrong-key-wrong-key-wrong-key")]
    public async Task Readyz_WrongKey_StatusOnly(string key)
    {
        await using var host = AssistantHost.Start();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.TryAddWithoutValidation(AdminOptions.HeaderName, key);

        using var response = await client.SendAsync(request, Ct);

        Assert.Null(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["checks"]);
    }

    [Fact]
    public async Task Readyz_WithAdminKey_ChecksWithTheirData()
    {
        await using var host = AssistantHost.Start();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Add(AdminOptions.HeaderName, AssistantHost.AdminKey);

        using var response = await client.SendAsync(request, Ct);

        var ready = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("Healthy", (string?)ready["checks"]!["assistant"]!["status"]);
        Assert.NotNull((string?)ready["checks"]!["assistant"]!["data"]!["search"]);
    }

    [Fact]
    public async Task Readyz_FromLoopback_ChecksWithTheirData()
    {
        // TestServer connections have no address; a probe on the machine comes from 127.0.0.1.
        await using var host = AssistantHost.Start(services: services => services.AddSingleton<IStartupFilter, LoopbackCaller>());
        using var client = host.CreateClient();

        var ready = JsonNode.Parse(await client.GetStringAsync("/readyz", Ct))!;

        Assert.NotNull(ready["checks"]!["retrieval"]);
    }

    /// <summary>Makes every request come from 127.0.0.1.</summary>
    private sealed class LoopbackCaller : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}

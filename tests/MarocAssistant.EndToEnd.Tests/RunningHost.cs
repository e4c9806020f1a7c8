using MarocAssistant.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.EndToEnd.Tests;

/// <summary>
/// The real host (its Program, appsettings and widget files) on Kestrel at 127.0.0.1 with a random port, reachable by a
/// browser and by Botium. Started once for the collection and stopped after it.
/// </summary>
public sealed class RunningHost : IAsyncLifetime
{
    /// <summary>The Direct Line secret the host is given for this run; Botium uses it, the browser never sees it.</summary>
    public const string DirectLineSecret = "end-to-end-directline-secret";

    public const string WhatsAppSecret = "end-to-end-app-secret";
    public const string WhatsAppPhoneNumberId = "1122334455667";

    private WebApplicationFactory<Program>? _factory;

    /// <summary>Like <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>A loopback stand-in for the Graph API that the host's WhatsApp channel sends to.</summary>
    public LoopbackServer Graph { get; private set; } = null!;

    /// <summary>Where screenshots and reports go: <c>artifacts/</c> at the repository root (git-ignored).</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Path.Combine(RepoPaths.Root, "artifacts", "end-to-end");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async ValueTask InitializeAsync()
    {
        Graph = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"success\":true}", context.RequestAborted);
        });
        _factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b
                .UseSetting("urls", "http://127.0.0.1:0")
                .UseSetting("DirectLine:Secret", DirectLineSecret)
                .UseSetting("WhatsApp:AppSecret", WhatsAppSecret)
                .UseSetting("WhatsApp:AccessToken", "end-to-end-access-token")
                .UseSetting("WhatsApp:PhoneNumberId", WhatsAppPhoneNumberId)
                .UseSetting("WhatsApp:GraphBaseUrl", Graph.BaseUrl + "/v23.0"));
        _factory.UseKestrel();
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)).TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Graph is not null)
        {
            await Graph.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RunningHostCollection : ICollectionFixture<RunningHost>
{
    public const string Name = "running host";
}

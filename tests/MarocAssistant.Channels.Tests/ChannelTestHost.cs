using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Conversation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Channels.Tests;

/// <summary>
/// The channel endpoints with the real turn pipeline, served by Kestrel on 127.0.0.1 with a random port, as the host
/// wires them (without the host's other parts, so these tests stay about the channels).
/// </summary>
public sealed class ChannelTestHost : IAsyncDisposable
{
    public const string Secret = "test-directline-secret-0123456789";

    private ChannelTestHost(WebApplication app, string baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    /// <summary>Like <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    public string DirectLineUrl => BaseUrl + DirectLineEndpoints.Prefix;

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<ChannelTestHost> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = Secret,
            ["DirectLine:TokenSigningKey"] = "test-signing-key-0123456789-0123456789",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddMarocAssistant(builder.Configuration);
        builder.Services.AddDirectLineChannel(builder.Configuration);
        builder.Services.AddWhatsAppChannel(builder.Configuration);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapDirectLine();
        app.MapWhatsApp();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // Settings refused on start (options validation): nothing is left listening.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ChannelTestHost(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A clock the test moves by hand (token expiry, idle conversations).</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

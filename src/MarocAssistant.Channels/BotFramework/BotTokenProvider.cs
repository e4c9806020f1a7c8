using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>
/// Gets and caches the bot's own access token (client credentials grant, bf-auth-facts.json "bot_to_connector").
/// One per process: the token is shared by every reply until five minutes before it expires.
/// </summary>
public sealed class BotTokenProvider : IDisposable
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly BotFrameworkOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, DateTimeOffset Expires)? _token;

    public BotTokenProvider(IHttpClientFactory httpClientFactory, IOptions<BotFrameworkOptions> options, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _time = time;
    }

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } cached && cached.Expires > _time.GetUtcNow().AddMinutes(5))
            {
                return cached.Token;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _options.MicrosoftAppId,
                ["client_secret"] = _options.MicrosoftAppPassword,
                ["scope"] = _options.TokenScope,
            });
            using var response = await _httpClientFactory.CreateClient(nameof(BotTokenProvider)).PostAsync(new Uri(_options.TokenEndpoint), form, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var token = body.RootElement.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("Token endpoint returned no access_token.");
            var expiresIn = body.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
            _token = (token, _time.GetUtcNow().AddSeconds(expiresIn));
            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public void Dispose() => _tokenLock.Dispose();
}

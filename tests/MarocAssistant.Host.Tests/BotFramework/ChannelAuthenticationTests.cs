using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MarocAssistant.Conversation.State;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarocAssistant.Host.Tests.BotFramework;

/// <summary>
/// Channel authentication against a loopback OpenID issuer that also plays the token endpoint and the connector,
/// as bf-auth-facts.json describes the real ones.
/// </summary>
public sealed class ChannelAuthenticationTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Issuer = "https://api.botframework.com";
    private const string EntraIssuer = "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0";
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _otherRsa = RSA.Create(2048);

    // Listed in the key set without endorsements, as Entra ID's keys are.
    private readonly RSA _entraRsa = RSA.Create(2048);
    private LoopbackServer _server = null!;
    private AssistantHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(HandleAsync);
        _host = AssistantHost.Start(new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = AppId,
            ["BotFramework:MicrosoftAppPassword"] = "secret",
            ["BotFramework:OpenIdMetadataUrl"] = _server.BaseUrl + "/.well-known/openidconfiguration",
            ["BotFramework:EmulatorOpenIdMetadataUrl"] = "",
            ["BotFramework:TokenEndpoint"] = _server.BaseUrl + "/token",
            ["BotFramework:AllowedServiceUrlHosts:0"] = "127.0.0.1",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        _rsa.Dispose();
        _otherRsa.Dispose();
        _entraRsa.Dispose();
    }

    [Fact]
    public async Task Post_ValidChannelToken_ProcessesAndRepliesWithBotToken()
    {
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: null);

        using var response = await PostAsync(activity, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_server.Requests, r => r.PathAndQuery.StartsWith("/v3/conversations/", StringComparison.Ordinal));
        Assert.Equal("Bearer bot-token-123", reply.Headers["Authorization"]);
        var tokenRequest = Assert.Single(_server.Requests, r => r.PathAndQuery == "/token");
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains("client_id=" + AppId, tokenRequest.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadTokens => ["wrong-issuer", "wrong-audience", "expired", "bad-signature", "serviceurl-mismatch", "missing", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Post_InvalidToken_Returns401AndProcessesNothing(string kind)
    {
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: null);
        var token = kind switch
        {
            "wrong-issuer" => Token(issuer: "https://evil.example"),
            "wrong-audience" => Token(audience: "someone-else"),
            "expired" => Token(expires: DateTime.UtcNow.AddMinutes(-10)),
            "bad-signature" => Token(key: _otherRsa),
            "serviceurl-mismatch" => Token(serviceUrl: "http://127.0.0.1:1"),
            "garbage" => "not.a.jwt",
            _ => null,
        };

        using var response = await PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(_server.Requests, r => r.PathAndQuery.StartsWith("/v3/", StringComparison.Ordinal) || r.PathAndQuery == "/token");
    }

    [Fact]
    public async Task Post_TokenWithinClockSkew_IsAccepted()
    {
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: "expectReplies");

        using var response = await PostAsync(activity, Token(expires: DateTime.UtcNow.AddMinutes(-2)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_KeyNotEndorsedForChannel_Returns401()
    {
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: "expectReplies");
        activity["channelId"] = "msteams";

        using var response = await PostAsync(activity, Token());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_ChannelTokenSignedByKeyWithoutEndorsements_Returns401()
    {
        // The SDK accepts a key without endorsements for Emulator tokens only: a channel's token could not be checked.
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: "expectReplies");

        using var response = await PostAsync(activity, Token(key: _entraRsa, kid: "entra-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("1.0", "appid")]
    [InlineData(null, "appid")]
    [InlineData("2.0", "azp")]
    public async Task Post_EntraTokenNamingThisBot_IsAccepted(string? version, string claim)
    {
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: "expectReplies");

        using var response = await PostAsync(activity, EntraToken(version, new() { [claim] = AppId }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string?, string?, string?> BadEntraClaims => new()
    {
        { "1.0", null, null },
        { "2.0", null, null },
        { "2.0", "appid", AppId },
        { "2.0", "azp", "99999999-9999-9999-9999-999999999999" },
        { "1.0", "appid", "99999999-9999-9999-9999-999999999999" },
        { "3.0", "azp", AppId },
    };

    [Theory]
    [MemberData(nameof(BadEntraClaims))]
    public async Task Post_EntraTokenWithoutThisBotsAppIdOrAzp_Returns401(string? version, string? claim, string? value)
    {
        var activity = ActivityBuilder.Message("passeport", _server.BaseUrl, deliveryMode: "expectReplies");
        var claims = new Dictionary<string, object>();
        if (claim is not null)
        {
            claims[claim] = value!;
        }

        using var response = await PostAsync(activity, EntraToken(version, claims));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_VerifiedChannelNamedLikeOneOfTheHostsAdapters_IsKeptApartFromIt()
    {
        // A Bot Framework "webchat" conversation, endorsed and verified, is not the host's own Direct Line "webchat".
        var activity = ActivityBuilder.Message("bghit njded lpasspor dyali", _server.BaseUrl, deliveryMode: "expectReplies", conversationId: "shared-id");
        activity["channelId"] = "webchat";

        using var response = await PostAsync(activity, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = _host.Services.GetRequiredService<IConversationStore>();
        Assert.NotNull(await state.GetAsync("bf-webchat:shared-id", TestContext.Current.CancellationToken));
        Assert.Null(await state.GetAsync("webchat:shared-id", TestContext.Current.CancellationToken));
    }

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = ActivityBuilder.Json(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A token as Entra ID gives the Emulator: no serviceurl, signed by a key without endorsements.</summary>
    private static string EntraToken(string? version, Dictionary<string, object> claims, RSA key)
    {
        if (version is not null)
        {
            claims["ver"] = version;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = EntraIssuer,
            Audience = AppId,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "entra-1" }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private string EntraToken(string? version, Dictionary<string, object> claims) => EntraToken(version, claims, _entraRsa);

    private string Token(string issuer = Issuer, string audience = AppId, DateTime? expires = null, RSA? key = null, string? serviceUrl = null, string kid = "key-1")
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = expiry.AddHours(-1),
            IssuedAt = expiry.AddHours(-1),
            Expires = expiry,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? _server.BaseUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        switch (context.Request.Path.Value)
        {
            case "/.well-known/openidconfiguration":
                return context.Response.WriteAsJsonAsync(new Dictionary<string, object>
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = _server.BaseUrl + "/keys",
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                });
            case "/keys":
                var parameters = _rsa.ExportParameters(false);
                var entra = _entraRsa.ExportParameters(false);
                return context.Response.WriteAsJsonAsync(new
                {
                    keys = new[]
                    {
                        new Dictionary<string, object>
                        {
                            ["kty"] = "RSA",
                            ["use"] = "sig",
                            ["kid"] = "key-1",
                            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                            ["endorsements"] = new[] { "emulator", "webchat" },
                        },
                        new Dictionary<string, object>
                        {
                            ["kty"] = "RSA",
                            ["use"] = "sig",
                            ["kid"] = "entra-1",
                            ["n"] = Base64UrlEncoder.Encode(entra.Modulus),
                            ["e"] = Base64UrlEncoder.Encode(entra.Exponent),
                        },
                    },
                });
            case "/token":
                return context.Response.WriteAsJsonAsync(new { token_type = "Bearer", expires_in = 3600, access_token = "bot-token-123" });
            default:
                return context.Response.WriteAsJsonAsync(new { id = "reply-1" });
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
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
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _otherRsa = RSA.Create(2048);
    private LoopbackServer _server = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(HandleAsync);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("BotFramework:MicrosoftAppId", AppId);
            b.UseSetting("BotFramework:MicrosoftAppPassword", "secret");
            b.UseSetting("BotFramework:OpenIdMetadataUrl", _server.BaseUrl + "/.well-known/openidconfiguration");
            b.UseSetting("BotFramework:EmulatorOpenIdMetadataUrl", "");
            b.UseSetting("BotFramework:TokenEndpoint", _server.BaseUrl + "/token");
            b.UseSetting("BotFramework:AllowedServiceUrlHosts:0", "127.0.0.1");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _server.DisposeAsync();
        _rsa.Dispose();
        _otherRsa.Dispose();
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

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = ActivityBuilder.Json(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private string Token(string issuer = Issuer, string audience = AppId, DateTime? expires = null, RSA? key = null, string? serviceUrl = null)
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
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _rsa) { KeyId = "key-1" }, SecurityAlgorithms.RsaSha256),
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
                    },
                });
            case "/token":
                return context.Response.WriteAsJsonAsync(new { token_type = "Bearer", expires_in = 3600, access_token = "bot-token-123" });
            default:
                return context.Response.WriteAsJsonAsync(new { id = "reply-1" });
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Channels.Tokens;
using MarocAssistant.Testing;

namespace MarocAssistant.Channels.Tests.Tokens;

public sealed class HmacTokenSignerTests
{
    private const string Key = "unit-test-signing-key-0123456789-abcdef";
    private const string Issuer = "MarocAssistant/Test";

    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-08T09:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Validate_IssuedToken_ValidUntilItsExpiryThenExpired()
    {
        var clock = new ManualTimeProvider(Start);
        var signer = new HmacTokenSigner(Issuer, Key, clock);
        var token = signer.Issue(TimeSpan.FromMinutes(10), new Dictionary<string, object> { ["sub"] = "salma" });

        var (fresh, jwt) = await signer.ValidateAsync(token);
        clock.Advance(TimeSpan.FromMinutes(10));
        var (expired, stillSigned) = await signer.ValidateAsync(token);

        Assert.Equal(TokenStatus.Valid, fresh);
        Assert.True(jwt!.TryGetPayloadValue<string>("sub", out var user));
        Assert.Equal("salma", user);
        Assert.Equal(Start + TimeSpan.FromMinutes(10), HmacTokenSigner.ExpiresAt(jwt));
        Assert.Equal(TokenStatus.Expired, expired);
        Assert.NotNull(stillSigned);
    }

    [Fact]
    public async Task Validate_OtherIssuerOrKeyOrOversized_Invalid()
    {
        var clock = new ManualTimeProvider(Start);
        var token = new HmacTokenSigner("MarocAssistant/DirectLine", Key, clock).Issue(TimeSpan.FromMinutes(10), new Dictionary<string, object> { ["sub"] = "salma" });

        // The same key, another issuer (a Direct Line token shown to the agent desk): refused.
        Assert.Equal(TokenStatus.Invalid, (await new HmacTokenSigner("MarocAssistant/AgentDesk", Key, clock).ValidateAsync(token)).Status);
        Assert.Equal(TokenStatus.Invalid, (await new HmacTokenSigner("MarocAssistant/DirectLine", Key + "x", clock).ValidateAsync(token)).Status);
        Assert.Equal(TokenStatus.Invalid, (await new HmacTokenSigner("MarocAssistant/DirectLine", "", clock).ValidateAsync(token)).Status);
        Assert.Equal(TokenStatus.Invalid, (await new HmacTokenSigner("MarocAssistant/DirectLine", Key, clock).ValidateAsync(new string('a', HmacTokenSigner.MaxTokenLength + 1))).Status);
        Assert.Equal(TokenStatus.Invalid, (await new HmacTokenSigner("MarocAssistant/DirectLine", Key, clock).ValidateAsync(null)).Status);
    }

    /// <summary>
    /// The wire format, independent of the JWT library: base64url header <c>{"alg":"HS256","typ":"JWT"}</c>, a payload
    /// with iss, aud, nbf, iat, exp (seconds) and the claims, and HMAC-SHA256 of "header.payload" with the UTF-8 key.
    /// Tokens of the hosts before the signer was shared are made this way, and stay valid across an upgrade.
    /// </summary>
    [Fact]
    public async Task Format_HandMadeHs256Jwt_RoundTripsBothWays()
    {
        var clock = new ManualTimeProvider(Start);
        var signer = new HmacTokenSigner(Issuer, Key, clock);
        var issued = signer.Issue(TimeSpan.FromMinutes(5), new Dictionary<string, object> { ["sub"] = "salma" }).Split('.');

        var header = JsonNode.Parse(Base64UrlDecode(issued[0]))!;
        var payload = JsonNode.Parse(Base64UrlDecode(issued[1]))!;
        Assert.Equal("HS256", (string?)header["alg"]);
        Assert.Equal(Issuer, (string?)payload["iss"]);
        Assert.Equal(Issuer, (string?)payload["aud"]);
        Assert.Equal(Start.ToUnixTimeSeconds(), (long)payload["iat"]!);
        Assert.Equal(Start.ToUnixTimeSeconds(), (long)payload["nbf"]!);
        Assert.Equal(Start.ToUnixTimeSeconds() + 300, (long)payload["exp"]!);
        Assert.Equal("salma", (string?)payload["sub"]);
        Assert.Equal(Sign(issued[0] + "." + issued[1]), issued[2]);

        var handHeader = Base64UrlEncode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        var handPayload = Base64UrlEncode($"{{\"iss\":\"{Issuer}\",\"aud\":\"{Issuer}\",\"exp\":{Start.ToUnixTimeSeconds() + 60},\"sub\":\"youssef\"}}");
        var (status, jwt) = await signer.ValidateAsync(handHeader + "." + handPayload + "." + Sign(handHeader + "." + handPayload));
        Assert.Equal(TokenStatus.Valid, status);
        Assert.True(jwt!.TryGetPayloadValue<string>("sub", out var user));
        Assert.Equal("youssef", user);
    }

    private static string Sign(string signingInput) =>
        Base64UrlEncode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(signingInput)));

    private static string Base64UrlEncode(string text) => Base64UrlEncode(Encoding.UTF8.GetBytes(text));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4)));
    }
}

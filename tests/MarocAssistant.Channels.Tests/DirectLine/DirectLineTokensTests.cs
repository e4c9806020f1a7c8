using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Channels.Tokens;
using MarocAssistant.Testing;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.Tests.DirectLine;

public sealed class DirectLineTokensTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IOptions<DirectLineOptions> Options(Action<DirectLineOptions>? change = null)
    {
        var options = new DirectLineOptions { TokenSigningKey = "unit-test-signing-key-0123456789-abcdef" };
        change?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    [Fact]
    public async Task Validate_TamperedToken_IsInvalid()
    {
        var tokens = new DirectLineTokens(Options(), new ManualClock());
        var token = tokens.Issue("conv-1", "dl_user");
        var parts = token.Split('.');
        var forged = DirectLineTestClient.Claims(token);
        forged["conv"] = "conv-2";
        var forgedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(forged.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var (valid, grant) = await tokens.ValidateAsync(token);
        var (tampered, _) = await tokens.ValidateAsync(parts[0] + "." + forgedPayload + "." + parts[2]);
        var (otherKey, _) = await new DirectLineTokens(Options(o => o.TokenSigningKey = "another-signing-key-0123456789-abcdef"), new ManualClock()).ValidateAsync(token);

        Assert.Equal(TokenStatus.Valid, valid);
        Assert.Equal("conv-1", grant!.ConversationId);
        Assert.Equal("dl_user", grant.UserId);
        Assert.Equal(TokenStatus.Invalid, tampered);
        Assert.Equal(TokenStatus.Invalid, otherKey);
    }

    [Fact]
    public void Options_ShortSigningKey_FailsValidation()
    {
        var options = new DirectLineOptions { TokenSigningKey = "short", Secret = "tiny" };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(2, errors.Count);
    }
}

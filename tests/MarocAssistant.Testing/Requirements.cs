using Xunit;

namespace MarocAssistant.Testing;

/// <summary>
/// Skips a test whose outside requirement is missing, except in CI (<c>MAROC_REQUIRE_ALL=1</c>),
/// where a missing requirement is a failure, so that a silent skip can never pass for a green run.
/// </summary>
public static class Requirements
{
    public static bool RequireAll =>
        Environment.GetEnvironmentVariable("MAROC_REQUIRE_ALL") is "1" or "true";

    public static void SkipUnless(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }

        if (RequireAll)
        {
            Assert.Fail($"Required for this run (MAROC_REQUIRE_ALL=1) but missing: {reason}");
        }

        Assert.Skip(reason);
    }
}

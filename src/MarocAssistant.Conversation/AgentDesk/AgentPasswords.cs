using Microsoft.AspNetCore.Identity;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>Agents' passwords, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned).</summary>
public static class AgentPasswords
{
    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword("agent", password);

    public static bool Verify(string hash, string password)
    {
        if (!LooksLikeHash(hash))
        {
            return false;
        }

        return Hasher.VerifyHashedPassword("agent", hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>A base64 string of the hasher's version 3 format (marker byte 0x01), as <see cref="Hash"/> writes.</summary>
    public static bool LooksLikeHash(string? hash)
    {
        if (string.IsNullOrEmpty(hash) || hash.Length > 512)
        {
            return false;
        }

        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == 0x01;
    }
}

using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Host.Admin;

/// <summary>Settings of the administration API (section <c>Admin</c>).</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string SectionName = "Admin";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>
    /// The key every administration call must send in <c>X-Api-Key</c>. Empty turns the administration API off
    /// (every call gets 401). When set, at least 16 characters.
    /// </summary>
    /// <value>Default empty (off).</value>
    public string ApiKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKey.Length is > 0 and < 16)
        {
            yield return new ValidationResult("Admin:ApiKey must be empty (off) or at least 16 characters.", [nameof(ApiKey)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// Who may get a Direct Line conversation token from a web page (section <c>Widget</c>; the host's widget files are
/// set in the same section).
/// </summary>
public sealed class WidgetTokenOptions : IValidatableObject
{
    public const string SectionName = "Widget";

    /// <summary>Administrations that may embed the widget, by the id they put in <c>data-administration</c>.</summary>
    public Dictionary<string, WidgetAdministration> Administrations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every origin allowed by some administration (for the CORS policy).</summary>
    public bool IsAllowedAnywhere(string origin) =>
        Administrations.Values.Any(a => a.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, administration) in Administrations)
        {
            if (id.Length is 0 or > 64)
            {
                yield return new ValidationResult($"Widget:Administrations: the id '{id}' must have 1 to 64 characters.");
            }

            foreach (var origin in administration.AllowedOrigins)
            {
                if (!IsOrigin(origin))
                {
                    yield return new ValidationResult(
                        $"Widget:Administrations:{id}:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], no path).");
                }
            }
        }
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/"
        && !value.EndsWith('/')
        && uri.Query.Length == 0;
}

/// <summary>One administration that embeds the widget on its own site.</summary>
public sealed class WidgetAdministration
{
    /// <summary>Its name, shown as the widget's title.</summary>
    public string Name { get; set; } = "";

    /// <summary>Origins (<c>https://www.example.ma</c>) of the pages allowed to ask for a conversation token.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Pages served by this host itself (the demo page) may ask too: pages whose origin is <c>DirectLine:PublicUrl</c>
    /// or an address the server listens on (a wildcard read as localhost), never what a request says its host is.
    /// </summary>
    public bool AllowSameOrigin { get; set; }
}

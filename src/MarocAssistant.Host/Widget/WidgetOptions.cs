using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Host.Widget;

/// <summary>
/// Where the widget's files are (section <c>Widget</c>; the administrations allowed to embed it, and so to get a
/// conversation token, are Direct Line's <c>WidgetTokenOptions</c> in the same section).
/// </summary>
public sealed class WidgetOptions
{
    public const string SectionName = "Widget";

    /// <summary>Folder of the widget files (demo page, widget.js, the Web Chat bundle), relative to the application folder.</summary>
    [Required]
    public string FilesPath { get; set; } = "wwwroot";
}

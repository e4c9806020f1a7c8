using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>Settings of transcript recording (section <c>Transcripts</c>).</summary>
public sealed class TranscriptOptions
{
    public const string SectionName = "Transcripts";

    /// <summary>
    /// Folder of the <c>.transcript</c> files, one per conversation. Empty turns recording off.
    /// Relative paths are resolved from the application folder.
    /// </summary>
    /// <value>Default empty (off).</value>
    public string Path { get; set; } = "";

    /// <summary>Days a transcript is kept after its last turn; older ones are deleted by the sweeper.</summary>
    /// <value>Default 30 days.</value>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Minutes between two sweeps for expired transcripts (one also runs at start-up).</summary>
    /// <value>Default 60 minutes.</value>
    [Range(1, 24 * 60)]
    public int SweepIntervalMinutes { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);
}

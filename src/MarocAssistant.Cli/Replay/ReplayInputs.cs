namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Expands the command line's files and folders into replay cases: <c>.transcript</c> files are replayed against
/// their recorded replies, <c>.yaml</c>/<c>.yml</c> files are scripted tests. A folder contributes the files
/// directly in it, in name order; with <c>recursive</c> its subfolders too (so that a folder of tests that are not
/// ready yet, such as <c>tests/transcripts/dialog</c>, is only replayed when asked for).
/// </summary>
internal static class ReplayInputs
{
    private static readonly string[] Extensions = [".transcript", ".yaml", ".yml"];

    /// <summary>The files to replay, in a stable order; paths that do not exist are returned in <paramref name="missing"/>.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, bool recursive, out IReadOnlyList<string> missing)
    {
        var files = new List<string>();
        var notFound = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory
                    .EnumerateFiles(path, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                    .Where(IsReplayable)
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                notFound.Add(path);
            }
        }

        missing = notFound;
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<ReplayCase> Load(IEnumerable<string> files, bool withVariants) =>
        files.SelectMany(file => file.EndsWith(".transcript", StringComparison.OrdinalIgnoreCase)
            ? [TranscriptCaseLoader.Load(file)]
            : ScriptLoader.Load(file, withVariants)).ToList();

    private static bool IsReplayable(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}

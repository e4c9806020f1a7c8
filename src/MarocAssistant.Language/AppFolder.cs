namespace MarocAssistant.Language;

/// <summary>The shipped folders (models, corpus, templates) travel with the binaries: configured paths are relative to them.</summary>
public static class AppFolder
{
    /// <summary><paramref name="path"/> when it is rooted; otherwise resolved against the application folder.</summary>
    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
}

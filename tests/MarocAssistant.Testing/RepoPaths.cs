namespace MarocAssistant.Testing;

/// <summary>Finds the repository and the shared folder beside it, wherever the test binary runs from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Corpus => Path.Combine(Root, "corpus");

    public static string Models => Path.Combine(Root, "models");

    /// <summary>The <c>shared/</c> folder that sits next to the checkout (CI clones main beside it).</summary>
    public static string Shared
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("MAROC_SHARED");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            return Path.GetFullPath(Path.Combine(Root, "..", "shared"));
        }
    }

    public static string SharedFile(params string[] parts) => Path.Combine([Shared, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MarocAssistant.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MarocAssistant.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace MarocAssistant.Testing;

/// <summary>Finds the repository and its test fixtures, wherever the test binary runs from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Corpus => Path.Combine(Root, "corpus");

    public static string Models => Path.Combine(Root, "models");

    /// <summary>Files the tests read that come from outside the project (specs, real payloads); see tests/fixtures/PROVENANCE.md.</summary>
    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    public static string FixtureFile(params string[] parts) => Path.Combine([Fixtures, .. parts]);

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

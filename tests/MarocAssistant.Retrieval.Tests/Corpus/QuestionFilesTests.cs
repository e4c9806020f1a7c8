using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Retrieval.Tests.Corpus;

public sealed class QuestionFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("maroc-questions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadFolder_OutOfScopeAndNotCoveredFiles_HaveNoProcedure()
    {
        File.WriteAllText(Path.Combine(_folder, "passport-first.tsv"), "fr\tje veux mon premier passeport\n");
        File.WriteAllText(Path.Combine(_folder, "out-of-scope.tsv"), "fr\tquel temps demain a rabat\n");
        File.WriteAllText(Path.Combine(_folder, "not-covered.tsv"), "fr\tcomment deposer une marque a l'ompic\n");

        var questions = QuestionFiles.LoadFolder(_folder);

        Assert.Equal(3, questions.Count);
        Assert.Equal("passport-first", Assert.Single(questions, q => !q.IsOutOfScope).ProcedureId);
        Assert.Equal(2, questions.Count(q => q.IsOutOfScope));
    }
}

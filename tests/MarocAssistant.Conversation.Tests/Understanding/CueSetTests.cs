using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class CueSetTests
{
    [Theory]
    [InlineData(" rokhsa ", " bghit rokhsa dyali ", true)]
    [InlineData(" rokhsa ", " bghit rokhsat ", false)]
    [InlineData(" rokhs", " bghit rokhsat ", true)] // a prefix cue ("rokhs*")
    [InlineData(" dyali ", " bghit rokhsa dyali ", true)] // at the very end
    [InlineData(" b", " bghit ", true)] // one character after the space
    [InlineData(" b", " ghit b", true)]
    [InlineData(" x", " bghit ", false)]
    [InlineData(" جواز السفر ", " بغيت جواز السفر ديالي ", true)]
    [InlineData(" جواز السفر ", " بغيت جواز ديالي ", false)]
    [InlineData("rokhsa", " bghit rokhsat ", true)] // not padded: searched as it is
    public void AnyIn_OneCue_SameAsOrdinalContains(string cue, string text, bool expected)
    {
        Assert.Equal(expected, new CueSet([cue]).AnyIn(text));
        Assert.Equal(text.Contains(cue, StringComparison.Ordinal), expected);
    }

    [Fact]
    public void AnyIn_NoCues_IsFalse()
    {
        Assert.False(new CueSet([]).AnyIn(" bghit rokhsa "));
    }

    // Cues cut from some questions (words, phrases, word starts), searched in the match forms of the others: the set
    // answers what an ordinal Contains of each cue answers, in Latin and Arabic script.
    [Fact]
    public void AnyIn_CorpusQuestions_SameAsContainsOfEachCue()
    {
        var questions = QuestionFiles.LoadFolder(Path.Combine(RepoPaths.Corpus, "questions"));
        Assert.NotEmpty(questions);
        var pool = new List<string>();
        for (var i = 0; i < questions.Count; i += 13)
        {
            var words = CueText.Normalize(questions[i].Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var w = 0; w < words.Length; w++)
            {
                pool.Add(" " + words[w] + " ");
                pool.Add(" " + words[w][..((words[w].Length + 1) / 2)]);
                if (w + 1 < words.Length)
                {
                    pool.Add(" " + words[w] + " " + words[w + 1] + " ");
                }
            }
        }

        var cues = pool.Distinct(StringComparer.Ordinal).ToList();
        var sets = cues.Chunk(60).Select(chunk => (Cues: chunk, Set: new CueSet(chunk))).ToList();
        var found = 0;
        var checkedPairs = 0;
        for (var i = 5; i < questions.Count; i += 7)
        {
            var form = CueText.MatchForm(CueText.Normalize(questions[i].Text));
            foreach (var (chunk, set) in sets)
            {
                var expected = chunk.Any(c => form.Contains(c, StringComparison.Ordinal));
                Assert.True(expected == set.AnyIn(form), $"{questions[i].Text}: expected {expected}");
                found += expected ? 1 : 0;
                checkedPairs++;
            }
        }

        // Both answers must have been exercised.
        Assert.InRange(found, 1, checkedPairs - 1);
    }
}

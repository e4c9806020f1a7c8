using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MarocAssistant.Cli.Evaluation;

/// <summary>
/// A labelled multi-turn conversation of the evaluation set (<c>tests/conversations/</c>): what the citizen types or
/// presses, turn by turn, and what a competent agent would do with each turn.
/// </summary>
public sealed class ConversationCase
{
    public string Id { get; set; } = "";

    /// <summary>ary-Arab, ary-Latn, arb, fr, en, zgh or mixed.</summary>
    public string Language { get; set; } = "";

    public string? Note { get; set; }

    public List<ConversationTurn> Turns { get; set; } = [];

    /// <summary>The file it was read from, for messages.</summary>
    [YamlIgnore]
    public string Source { get; set; } = "";
}

/// <summary>One citizen turn: typed text or a pressed choice, and the expected move.</summary>
public sealed class ConversationTurn
{
    /// <summary>The text the citizen types.</summary>
    public string? User { get; set; }

    /// <summary>Instead of text: the procedure id of the "which one?" button the citizen presses.</summary>
    public string? Press { get; set; }

    /// <summary><c>procedure: id</c>, <c>clarify: [ids]</c>, <c>unknown</c>, <c>out_of_scope</c>, <c>refuse</c>, <c>handoff</c> or <c>smalltalk</c>.</summary>
    public string Expect { get; set; } = "";

    /// <summary>The part of the procedure asked for, when labelled (fee, documents, where...).</summary>
    public string? Facet { get; set; }

    /// <summary>Facts the citizen states that should change the answer (abroad, age, fuel...).</summary>
    public Dictionary<string, string>? Situation { get; set; }
}

/// <summary>The expected move of a turn, parsed from its <c>expect</c> label.</summary>
public sealed record ExpectedMove(string Kind, IReadOnlyList<string> Procedures)
{
    public const string Procedure = "procedure";
    public const string Clarify = "clarify";
    public const string Unknown = "unknown";
    public const string OutOfScope = "out_of_scope";
    public const string Refuse = "refuse";
    public const string Handoff = "handoff";
    public const string SmallTalk = "smalltalk";

    private static readonly string[] Kinds = [Procedure, Clarify, Unknown, OutOfScope, Refuse, Handoff, SmallTalk];

    public static ExpectedMove Parse(string label)
    {
        var text = label.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? text : text[..colon]).Trim();
        if (Array.IndexOf(Kinds, kind) < 0)
        {
            throw new FormatException($"Unknown expect label '{label}'.");
        }

        var rest = colon < 0 ? "" : text[(colon + 1)..].Trim().Trim('[', ']');
        var ids = rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kind is Procedure && ids.Length != 1 || kind is Clarify && ids.Length == 0)
        {
            throw new FormatException($"'{label}' needs {(kind is Procedure ? "one procedure id" : "procedure ids")}.");
        }

        return new ExpectedMove(kind, ids);
    }

    public override string ToString() => Kind switch
    {
        Procedure => $"procedure: {Procedures[0]}",
        Clarify => $"clarify: [{string.Join(", ", Procedures)}]",
        _ => Kind,
    };
}

public static class ConversationSet
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Reads one YAML file, or every <c>*.yaml</c> file under a folder, in name order.</summary>
    public static IReadOnlyList<ConversationCase> Load(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [path];
        var cases = new List<ConversationCase>();
        foreach (var file in files)
        {
            var read = Yaml.Deserialize<List<ConversationCase>>(File.ReadAllText(file)) ?? [];
            foreach (var conversation in read)
            {
                conversation.Source = file;
                foreach (var turn in conversation.Turns)
                {
                    if (turn.User is null == turn.Press is null)
                    {
                        throw new FormatException($"{file}: {conversation.Id}: a turn needs exactly one of 'user' and 'press'.");
                    }

                    _ = ExpectedMove.Parse(turn.Expect);
                }
            }

            cases.AddRange(read);
        }

        return cases;
    }
}

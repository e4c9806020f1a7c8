using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Reads scripted conversation tests (YAML; the format is described in <c>tests/transcripts/README.md</c>):
/// <code>
/// name: CNIE, first card, Darija in Latin script
/// turns:
///   - user: bghit ndir lakart awel mra
///     language: ary-Latn
///     procedure: cnie-first
///     contains: ["75"]
///     max_ms: 1000
/// variants:
///   ary-Arab: ["بغيت ندير لاكارط أول مرة"]
///   fr:
///     - user: je veux faire ma carte nationale
///       contains: ["75 DH"]
/// </code>
/// A file may hold several tests as YAML documents (<c>---</c>). Unknown keys are errors, so a typo such as
/// <c>contain:</c> fails loudly instead of checking nothing.
/// </summary>
internal static class ScriptLoader
{
    private static readonly HashSet<string> TestKeys = ["name", "description", "turns", "variants", "tags"];

    private static readonly HashSet<string> TurnKeys =
        ["user", "language", "procedure", "outcome", "contains", "not_contains", "buttons", "handoff", "max_ms"];

    /// <summary>The tests of a file, plus one case per variant when <paramref name="withVariants"/> is set.</summary>
    public static IReadOnlyList<ReplayCase> Load(string path, bool withVariants)
    {
        var cases = new List<ReplayCase>();
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            var number = 0;
            foreach (var document in stream.Documents)
            {
                number++;
                if (document.RootNode is not YamlMappingNode root)
                {
                    throw new ScriptException($"document {number} is not a mapping with name and turns");
                }

                cases.AddRange(Test(root, path, number, stream.Documents.Count, withVariants));
            }

            if (cases.Count == 0)
            {
                throw new ScriptException("no test in the file");
            }
        }
        catch (Exception ex) when (ex is ScriptException or YamlException or IOException)
        {
            return [ReplayCase.Broken(path, "cannot read the test: " + ex.Message)];
        }

        return cases;
    }

    private static IEnumerable<ReplayCase> Test(YamlMappingNode root, string path, int number, int documents, bool withVariants)
    {
        CheckKeys(root, TestKeys, "test");
        var name = Scalar(root, "name")
            ?? Path.GetFileNameWithoutExtension(path) + (documents > 1 ? "#" + number.ToString(CultureInfo.InvariantCulture) : "");
        if (Child(root, "turns") is not YamlSequenceNode turnNodes || turnNodes.Children.Count == 0)
        {
            throw new ScriptException($"{name}: 'turns' must be a non-empty list");
        }

        var turns = turnNodes.Children.Select((node, i) => Turn(node, $"{name}, turn {i + 1}")).ToList();
        yield return new ReplayCase(name, path, ReplaySourceKind.Script, turns);

        if (!withVariants || Child(root, "variants") is not YamlMappingNode variants)
        {
            yield break;
        }

        foreach (var (keyNode, linesNode) in variants.Children)
        {
            var variant = ((YamlScalarNode)keyNode).Value ?? "";
            if (linesNode is not YamlSequenceNode lines || lines.Children.Count != turns.Count)
            {
                throw new ScriptException($"{name}: variant '{variant}' must list {turns.Count} user lines, one per turn");
            }

            yield return new ReplayCase(
                name,
                path,
                ReplaySourceKind.Script,
                lines.Children.Select((line, i) => VariantTurn(turns[i], line, variant, $"{name} [{variant}], turn {i + 1}")).ToList(),
                Variant: variant);
        }
    }

    private static ReplayTurn Turn(YamlNode node, string where)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ScriptException($"{where}: a turn is a mapping with at least 'user'");
        }

        CheckKeys(map, TurnKeys, where);
        var user = Scalar(map, "user");
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new ScriptException($"{where}: 'user' is missing");
        }

        var (buttons, buttonCount) = Buttons(map, where);
        return new ReplayTurn(user, new TurnExpectation
        {
            Language = Scalar(map, "language"),
            Procedure = Scalar(map, "procedure"),
            Outcome = Scalar(map, "outcome"),
            Contains = List(map, "contains"),
            NotContains = List(map, "not_contains"),
            Buttons = buttons,
            ButtonCount = buttonCount,
            Handoff = Bool(map, "handoff", where),
            MaxMs = Int(map, "max_ms", where),
        });
    }

    /// <summary>
    /// A variant keeps what does not depend on the wording (procedure, outcome, handoff, button count, max_ms),
    /// takes its language from the variant's key, and its texts (contains, not_contains, button titles) only from
    /// the variant line itself, since they are written in the variant's language.
    /// </summary>
    private static ReplayTurn VariantTurn(ReplayTurn original, YamlNode line, string variant, string where)
    {
        var inherited = original.Expect with
        {
            Language = variant,
            Contains = [],
            NotContains = [],
            Buttons = null,
        };
        switch (line)
        {
            case YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                return new ReplayTurn(scalar.Value, inherited);
            case YamlMappingNode map:
                CheckKeys(map, TurnKeys, where);
                var user = Scalar(map, "user") ?? throw new ScriptException($"{where}: 'user' is missing");
                var (buttons, buttonCount) = Buttons(map, where);
                return new ReplayTurn(user, inherited with
                {
                    Language = Scalar(map, "language") ?? variant,
                    Procedure = Scalar(map, "procedure") ?? inherited.Procedure,
                    Outcome = Scalar(map, "outcome") ?? inherited.Outcome,
                    Contains = List(map, "contains"),
                    NotContains = List(map, "not_contains"),
                    Buttons = buttons,
                    ButtonCount = buttonCount ?? inherited.ButtonCount,
                    Handoff = Bool(map, "handoff", where) ?? inherited.Handoff,
                    MaxMs = Int(map, "max_ms", where) ?? inherited.MaxMs,
                });
            default:
                throw new ScriptException($"{where}: a variant line is a text or a mapping with 'user'");
        }
    }

    /// <summary><c>buttons: 3</c> asks for a count; <c>buttons: [a, b]</c> for buttons that must be there.</summary>
    private static (IReadOnlyList<string>? Buttons, int? Count) Buttons(YamlMappingNode map, string where) =>
        Child(map, "buttons") switch
        {
            null => (null, null),
            YamlScalarNode scalar when int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) => (null, count),
            YamlSequenceNode => (List(map, "buttons"), null),
            _ => throw new ScriptException($"{where}: 'buttons' is a number or a list of button titles"),
        };

    private static void CheckKeys(YamlMappingNode map, HashSet<string> allowed, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                throw new ScriptException($"{where}: unknown key '{name}' (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static List<string> List(YamlMappingNode map, string key) => Child(map, key) switch
    {
        null => [],
        YamlScalarNode scalar => scalar.Value is { Length: > 0 } value ? [value] : [],
        YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").Where(v => v.Length > 0).ToList(),
        _ => throw new ScriptException($"'{key}' is a text or a list of texts"),
    };

    private static bool? Bool(YamlMappingNode map, string key, string where) => Scalar(map, key) switch
    {
        null => null,
        "true" or "yes" => true,
        "false" or "no" => false,
        var other => throw new ScriptException($"{where}: '{key}' is true or false, not '{other}'"),
    };

    private static int? Int(YamlMappingNode map, string key, string where) => Scalar(map, key) switch
    {
        null => null,
        var value when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 => number,
        var other => throw new ScriptException($"{where}: '{key}' is a positive whole number, not '{other}'"),
    };

    private sealed class ScriptException(string message) : Exception(message);
}

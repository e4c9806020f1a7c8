using System.Buffers;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// A set of cues in their prepared form and one question: does any of them occur in a text (an ordinal substring
/// search of each)? Prepared cues start with a space, so a cue can only start where the text has one: each space's
/// next two characters are looked up, first in a bitset (most miss), then among the cues that start with them.
/// </summary>
/// <remarks>
/// A turn asks this of the same message for some forty cue lists; the message's spaces and their keys are found once
/// per thread and message. It replaced <see cref="SearchValues{T}"/> (Aho-Corasick), which walks its trie through a
/// dictionary for every Arabic character: about a tenth of the host's CPU per turn. A set with a cue that does not
/// start with a space, or is a lone space, falls back to <see cref="SearchValues{T}"/>.
/// </remarks>
internal sealed class CueSet
{
    private const int HashBits = 12;

    [ThreadStatic]
    private static Spaces? t_spaces;

    private readonly SearchValues<string>? _fallback;
    private readonly ulong[] _bits = new ulong[(1 << HashBits) / 64];
    private readonly Dictionary<long, string[]> _byKey = [];

    // The first character after the space of cues that have only that one (" x", a prefix cue "x*").
    private readonly string _oneCharacter = "";

    public CueSet(IReadOnlyCollection<string> cues)
    {
        ArgumentNullException.ThrowIfNull(cues);
        if (cues.Any(c => c.Length < 2 || c[0] != ' ' || c[1] == ' '))
        {
            _fallback = SearchValues.Create(cues.ToArray(), StringComparison.Ordinal);
            return;
        }

        _oneCharacter = new string(cues.Where(c => c.Length == 2).Select(c => c[1]).Distinct().ToArray());
        foreach (var group in cues.Where(c => c.Length > 2).GroupBy(c => Key(c[1], c[2])))
        {
            _byKey[group.Key] = group.Distinct(StringComparer.Ordinal).ToArray();
            var hash = Hash(group.Key);
            _bits[hash >> 6] |= 1UL << (hash & 63);
        }
    }

    /// <summary>True when any cue occurs in <paramref name="text"/>.</summary>
    public bool AnyIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_fallback is not null)
        {
            return text.AsSpan().ContainsAny(_fallback);
        }

        var spaces = t_spaces ??= new Spaces();
        spaces.Read(text);
        var span = text.AsSpan();
        for (var i = 0; i < spaces.Count; i++)
        {
            var at = spaces.Positions[i];
            if (_oneCharacter.Length > 0 && _oneCharacter.Contains(span[at + 1], StringComparison.Ordinal))
            {
                return true;
            }

            var key = spaces.Keys[i];
            if (key < 0)
            {
                continue; // the space is the text's last but one character: no cue of three or more fits
            }

            var hash = Hash(key);
            if ((_bits[hash >> 6] & (1UL << (hash & 63))) == 0 || !_byKey.TryGetValue(key, out var candidates))
            {
                continue;
            }

            var rest = span[at..];
            foreach (var cue in candidates)
            {
                if (rest.StartsWith(cue, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static long Key(char first, char second) => ((long)first << 16) | second;

    private static int Hash(long key) => (int)(((uint)key * 0x9E3779B1u) >> (32 - HashBits));

    /// <summary>The spaces of the last text read on this thread that have a character after them, with their keys.</summary>
    private sealed class Spaces
    {
        private string? _text;

        public int[] Positions { get; private set; } = new int[64];

        public long[] Keys { get; private set; } = new long[64];

        public int Count { get; private set; }

        public void Read(string text)
        {
            if (ReferenceEquals(text, _text) || string.Equals(text, _text, StringComparison.Ordinal))
            {
                return;
            }

            Count = 0;
            for (var at = text.IndexOf(' '); at >= 0 && at + 1 < text.Length; at = text.IndexOf(' ', at + 1))
            {
                if (Count == Positions.Length)
                {
                    Positions = Grow(Positions);
                    Keys = Grow(Keys);
                }

                Positions[Count] = at;
                Keys[Count] = at + 2 < text.Length ? Key(text[at + 1], text[at + 2]) : -1;
                Count++;
            }

            _text = text;
        }

        private static T[] Grow<T>(T[] array)
        {
            var grown = new T[array.Length * 2];
            array.CopyTo(grown, 0);
            return grown;
        }
    }
}

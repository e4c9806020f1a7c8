using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using MarocAssistant.Conversation.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Recording.Privacy;

/// <summary>
/// Wraps the application's logger factory so that every log message and every string value of its structured state
/// goes through <see cref="PersonalDataRedactor"/> before any provider (console, JSON, OpenTelemetry) sees it.
/// The pipeline logs no message text on purpose; this is the second line: a channel that logs a WhatsApp id (a phone
/// number) or a future log line that quotes a message is still written redacted. Exceptions pass unchanged
/// (their messages are ours, not the citizen's). Provider filters and scopes work as before: only the loggers are
/// wrapped, the inner factory and its providers are untouched.
/// </summary>
public sealed class RedactingLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory _inner;

    public RedactingLoggerFactory(ILoggerFactory inner)
    {
        _inner = inner;
    }

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(_inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose() => _inner.Dispose();

    private sealed class RedactingLogger : ILogger
    {
        private readonly ILogger _inner;

        public RedactingLogger(ILogger inner)
        {
            _inner = inner;
        }

        // A scope is redacted when a line written inside it reads it, not when it begins: every request and turn begins
        // one (RequestId, TurnId), and with the per-turn line off most are never read.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            state switch
            {
                IReadOnlyList<KeyValuePair<string, object?>> values => _inner.BeginScope(RedactedState.ForScope(values, state.ToString() ?? "")),
                // A dictionary of values (not a list) is a scope too: redacted the same way.
                IEnumerable<KeyValuePair<string, object?>> pairs => _inner.BeginScope(RedactedState.ForScope(pairs.ToList(), state.ToString() ?? "")),
                string text => _inner.BeginScope(PersonalDataRedactor.Redact(text)),
                _ => _inner.BeginScope(state),
            };

        public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!_inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var redacted = RedactedState.ForEntry(state as IReadOnlyList<KeyValuePair<string, object?>> ?? [], message);
            _inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
        }
    }

    /// <summary>
    /// The structured state with its string values redacted; the template (<c>{OriginalFormat}</c>) is kept. The pairs
    /// and a scope's text are taken when it is made (a state may be pooled and cleared once the call returns); a scope's
    /// are redacted only when first read, since most scopes are never read.
    /// </summary>
    private sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        // Ids the server makes itself (ASP.NET Core's request and connection ids, trace ids, our turn id): nothing a
        // citizen wrote, and redacting them only mangled them now and then ("[PHONE]" inside a request id). The scope's
        // text (with the request path, which may hold a conversation id) is still redacted.
        private static readonly FrozenSet<string> GeneratedIds = FrozenSet.Create(
            StringComparer.Ordinal, ["RequestId", "ConnectionId", "TraceId", "SpanId", "ParentId", "TurnId"]);

        private const int MaxTemplates = 4096;

        private static readonly ConcurrentDictionary<string, bool> CleanTemplates = new(StringComparer.Ordinal);

        private readonly KeyValuePair<string, object?>[] _values;
        private readonly string? _unredactedMessage;
        private string? _message;
        private int _redacted;
        private bool _changed;

        private RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string? message, string? unredactedMessage)
        {
            _values = Copy(values);
            _message = message;
            _unredactedMessage = unredactedMessage;
        }

        /// <summary>
        /// A log entry's state and its formatted message, both redacted now. A message made from a template (the state
        /// has <c>{OriginalFormat}</c>) is the template, written in code, filled with the values: when redaction left
        /// every value as it was, the message has nothing to redact either (the per-turn line, once per turn).
        /// </summary>
        public static RedactedState ForEntry(IReadOnlyList<KeyValuePair<string, object?>> values, string message)
        {
            var state = new RedactedState(values, null, message);
            var cleanTemplate = values.Count > 0 && values[^1] is { Key: "{OriginalFormat}", Value: string template } && IsCleanTemplate(template);
            state._message = state.EnsureRedacted() || !cleanTemplate ? PersonalDataRedactor.Redact(message) : message;
            return state;
        }

        // A template written in code has nothing to redact, but an interpolated string passed as a template
        // ($"... {phone}") does: each template is checked once. The cache stops growing at a bound, so that interpolated
        // templates cannot fill memory; past it, unknown templates are simply redacted every time.
        private static bool IsCleanTemplate(string template)
        {
            if (CleanTemplates.TryGetValue(template, out var clean))
            {
                return clean;
            }

            clean = ReferenceEquals(PersonalDataRedactor.Redact(template), template);
            if (CleanTemplates.Count < MaxTemplates)
            {
                CleanTemplates.TryAdd(template, clean);
            }

            return clean;
        }

        /// <summary>A scope's state and its text, both redacted when first read.</summary>
        public static RedactedState ForScope(IReadOnlyList<KeyValuePair<string, object?>> values, string text) => new(values, null, text);

        // A scope's text is its template filled with its values ("RequestPath:/api/messages RequestId:..."): when
        // redaction left every value as it was, the text has nothing to redact either, and the server-made ids in it
        // are not mangled.
        public string Message => _message ??= EnsureRedacted() ? PersonalDataRedactor.Redact(_unredactedMessage ?? "") : _unredactedMessage ?? "";

        public int Count => _values.Length;

        public KeyValuePair<string, object?> this[int index] => Values[index];

        private KeyValuePair<string, object?>[] Values
        {
            get
            {
                EnsureRedacted();
                return _values;
            }
        }

        private static KeyValuePair<string, object?>[] Copy(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var copy = new KeyValuePair<string, object?>[values.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = values[i];
            }

            return copy;
        }

        // Once, whoever reads first. True when redaction changed a value.
        private bool EnsureRedacted()
        {
            if (Volatile.Read(ref _redacted) == 1)
            {
                return _changed;
            }

            lock (_values)
            {
                if (_redacted == 0)
                {
                    for (var i = 0; i < _values.Length; i++)
                    {
                        var (key, value) = _values[i];
                        var redacted = key == "{OriginalFormat}" || GeneratedIds.Contains(key) ? value : Redact(value);
                        _changed |= !ReferenceEquals(redacted, value);
                        _values[i] = new(key, redacted);
                    }

                    Volatile.Write(ref _redacted, 1);
                }

                return _changed;
            }
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;

        // Numbers are checked too: a WhatsApp id logged as a long is still a phone number. A value with nothing to
        // redact is passed on as it is, so providers still format numbers, dates and lists their own way.
        private static object? Redact(object? value)
        {
            switch (value)
            {
                case null or bool or Enum:
                    return value;
                case string text:
                    return PersonalDataRedactor.Redact(text);
                case IEnumerable items:
                    var originals = items.Cast<object?>().ToList();
                    var parts = originals.Select(Redact).ToList();
                    return parts.SequenceEqual(originals) ? value : parts;
                default:
                    var formatted = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
                    var redacted = PersonalDataRedactor.Redact(formatted);
                    return ReferenceEquals(redacted, formatted) ? value : redacted;
            }
        }
    }
}

/// <summary>Turns log redaction on.</summary>
public static class RedactedLoggingExtensions
{
    /// <summary>
    /// Makes every <see cref="ILogger"/> of the application write through <see cref="RedactingLoggerFactory"/>.
    /// Call after the logging providers are added (in the host: anywhere after <c>CreateBuilder</c>).
    /// </summary>
    public static ILoggingBuilder RedactPersonalData(this ILoggingBuilder logging)
    {
        var services = logging.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerFactory))
            {
                services.RemoveAt(i);
            }
        }

        // The same construction AddLogging registers, wrapped; the wrapper disposes the inner factory.
        services.AddSingleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>())));
        return logging;
    }
}

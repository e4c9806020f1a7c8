using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Observability;

/// <summary>
/// The console logger, with the same lines: each entry is formatted on the calling thread by the configured
/// <see cref="ConsoleFormatter"/> (<c>Logging:Console:FormatterName</c> and its options, JSON by default), exactly as
/// <see cref="ConsoleLoggerProvider"/> formats it, and the lines are written to standard output in order. What differs
/// is how they reach it: the framework's provider hands every line to its own thread (a wake-up per line) that writes
/// it with one system call; here the lines are appended as UTF-8 to one buffer, written when it holds
/// <see cref="FlushBytes"/>, every <see cref="FlushInterval"/>, at once for a warning or worse, and when the host
/// stops. With one line per turn that was about a third of the host's CPU per request (docs/benchmarks.md).
/// Its alias is <c>Console</c>, so <c>Logging:Console:LogLevel</c> filters it as before.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>Bytes held before they are written (a few dozen lines).</summary>
    public const int FlushBytes = 32 * 1024;

    /// <summary>The longest a line waits in the buffer.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    [ThreadStatic]
    private static StringWriter? t_writer;

    [ThreadStatic]
    private static byte[]? t_bytes;

    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly ConcurrentDictionary<string, Logger> _loggers = new(StringComparer.Ordinal);
    private readonly Stream _output;
    private readonly Stream _errors;
    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[FlushBytes * 2];
    private readonly ITimer _timer;
    private int _length;
    private bool _failed;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, Console.OpenStandardOutput(), Console.OpenStandardError(), TimeProvider.System)
    {
    }

    internal BatchedConsoleLoggerProvider(
        IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, Stream output, Stream errors, TimeProvider time)
    {
        _options = options;
        _formatters = new Dictionary<string, ConsoleFormatter>(StringComparer.OrdinalIgnoreCase);
        foreach (var formatter in formatters)
        {
            _formatters.TryAdd(formatter.Name, formatter);
        }

        _output = output;
        _errors = errors;
        _timer = time.CreateTimer(static state => ((BatchedConsoleLoggerProvider)state!).Flush(), this, FlushInterval, FlushInterval);
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, static (name, provider) => new Logger(provider, name), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Writes what the buffer holds.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            WriteBuffer();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    // The formatter named in the options, as the console provider picks it (an unknown name falls back to simple).
    private ConsoleFormatter Formatter()
    {
        var name = _options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
        return _formatters.TryGetValue(name, out var formatter) ? formatter : _formatters[ConsoleFormatterNames.Simple];
    }

    private void Write<TState>(in LogEntry<TState> entry)
    {
        var writer = t_writer ??= new StringWriter();
        Formatter().Write(in entry, _scopes, writer);
        var text = writer.GetStringBuilder();
        if (text.Length == 0)
        {
            return;
        }

        var bytes = Encode(text);
        text.Clear();
        if (entry.LogLevel >= _options.CurrentValue.LogToStandardErrorThreshold)
        {
            lock (_gate)
            {
                // What was logged before goes out first.
                WriteBuffer();
                TryWrite(_errors, bytes);
            }

            return;
        }

        lock (_gate)
        {
            if (_length + bytes.Length > _buffer.Length)
            {
                WriteBuffer();
            }

            if (bytes.Length > _buffer.Length)
            {
                TryWrite(_output, bytes);
            }
            else
            {
                bytes.CopyTo(_buffer.AsSpan(_length));
                _length += bytes.Length;
            }

            if (_length >= FlushBytes || entry.LogLevel >= LogLevel.Warning)
            {
                WriteBuffer();
            }
        }
    }

    // The line as UTF-8, in a per-thread array (lines are short; the array grows to the longest one seen).
    private static ReadOnlySpan<byte> Encode(StringBuilder text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (t_bytes is null || t_bytes.Length < most)
        {
            t_bytes = new byte[Math.Max(most, 4096)];
        }

        var length = 0;
        var encoder = Encoding.UTF8.GetEncoder();
        foreach (var chunk in text.GetChunks())
        {
            // flush: false keeps a surrogate pair split across two chunks together.
            length += encoder.GetBytes(chunk.Span, t_bytes.AsSpan(length), flush: false);
        }

        length += encoder.GetBytes([], t_bytes.AsSpan(length), flush: true);
        return t_bytes.AsSpan(0, length);
    }

    private void WriteBuffer()
    {
        if (_length > 0)
        {
            TryWrite(_output, _buffer.AsSpan(0, _length));
            _length = 0;
        }
    }

    // A closed or broken standard output stops the logging (as the console provider does), never the host.
    private void TryWrite(Stream stream, ReadOnlySpan<byte> bytes)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            stream.Write(bytes);
            stream.Flush();
        }
        catch (IOException)
        {
            _failed = true;
        }
        catch (ObjectDisposedException)
        {
            _failed = true;
        }
    }

    private sealed class Logger(BatchedConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}

/// <summary>Swaps the console provider for <see cref="BatchedConsoleLoggerProvider"/>.</summary>
internal static class BatchedConsoleLogging
{
    /// <summary>
    /// Keeps what <c>AddConsole</c> registered (the options, the formatters and their settings) but writes through
    /// <see cref="BatchedConsoleLoggerProvider"/> instead of <see cref="ConsoleLoggerProvider"/>.
    /// </summary>
    public static ILoggingBuilder UseBatchedConsole(this ILoggingBuilder logging)
    {
        logging.AddConsole();
        var services = logging.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider))
            {
                services.RemoveAt(i);
            }
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>());
        return logging;
    }
}

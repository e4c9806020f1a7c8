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
/// it with one system call; here the lines are appended as UTF-8 to a buffer that a thread-pool item writes once it
/// holds <see cref="FlushBytes"/> (while it writes, lines go to a second buffer), and that is also written every
/// <see cref="FlushInterval"/>, at once for a warning or worse, and when the host stops. A request thread writes only
/// when both buffers are full (a stalled standard output then holds the loggers back, as the console provider's full
/// queue does). With one line per turn the framework's way cost about a fifth of the host's CPU per request
/// (docs/benchmarks.md).
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
    // _gate guards the buffer being filled; _writing is held by whoever writes (one at a time, so lines keep their
    // order) and is always taken before _gate.
    private readonly Lock _gate = new();
    private readonly Lock _writing = new();
    private readonly ITimer _timer;
    private byte[] _buffer = new byte[FlushBytes * 2];
    private byte[] _spare = new byte[FlushBytes * 2];
    private int _length;
    private bool _writeQueued;
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

    /// <summary>Writes what the buffer holds, on the calling thread.</summary>
    public void Flush()
    {
        lock (_writing)
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
            lock (_writing)
            {
                // What was logged before goes out first.
                WriteBuffer();
                TryWrite(_errors, bytes);
            }

            return;
        }

        while (!TryAppend(bytes))
        {
            // Both buffers full, or a line longer than one: write on this thread, then try again.
            lock (_writing)
            {
                WriteBuffer();
                if (bytes.Length > _buffer.Length)
                {
                    TryWrite(_output, bytes);
                    return;
                }
            }
        }

        if (entry.LogLevel >= LogLevel.Warning)
        {
            Flush();
        }
    }

    // Appends a line unless the buffer has no room for it; queues a write once the buffer holds FlushBytes.
    private bool TryAppend(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_length + bytes.Length > _buffer.Length)
            {
                return false;
            }

            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
            if (_length >= FlushBytes && !_writeQueued)
            {
                _writeQueued = true;
                ThreadPool.UnsafeQueueUserWorkItem(static provider => provider.WriteQueued(), this, preferLocal: false);
            }

            return true;
        }
    }

    private void WriteQueued()
    {
        lock (_writing)
        {
            lock (_gate)
            {
                _writeQueued = false;
            }

            WriteBuffer();
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

    // Under _writing: takes the filled buffer (lines keep coming into the other one) and writes it.
    private void WriteBuffer()
    {
        byte[] full;
        int length;
        lock (_gate)
        {
            if (_length == 0)
            {
                return;
            }

            (full, length) = (_buffer, _length);
            (_buffer, _spare, _length) = (_spare, full, 0);
        }

        TryWrite(_output, full.AsSpan(0, length));
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

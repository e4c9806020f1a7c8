using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>
/// Deletes transcripts older than <see cref="TranscriptOptions.RetentionDays"/>: once at start-up, then every
/// <see cref="TranscriptOptions.SweepIntervalMinutes"/>. Time comes from <see cref="TimeProvider"/> so tests can
/// move the clock. A failed sweep is logged and retried at the next interval; it never stops the host.
/// </summary>
public sealed partial class TranscriptRetentionService : BackgroundService
{
    private readonly ITranscriptStore _store;
    private readonly TimeProvider _time;
    private readonly TranscriptOptions _options;
    private readonly ILogger<TranscriptRetentionService> _logger;

    public TranscriptRetentionService(ITranscriptStore store, TimeProvider time, IOptions<TranscriptOptions> options, ILogger<TranscriptRetentionService> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Deletes what is past retention now; returns how many transcripts were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays);
        var deleted = await _store.DeleteOlderThanAsync(cutoff, cancellationToken);
        if (deleted > 0)
        {
            LogSwept(deleted, _options.RetentionDays);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(_options.SweepIntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }

            try
            {
                await Task.Delay(interval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Deleted {Count} transcripts older than {Days} days")]
    private partial void LogSwept(int count, int days);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "The transcript retention sweep failed; it will run again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}

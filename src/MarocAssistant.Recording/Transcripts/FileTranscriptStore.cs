using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Activities;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>
/// Transcripts as files: <c>{root}/{channel}/{hash of the conversation id}.transcript</c>. The conversation id is
/// hashed because it can be personal (a WhatsApp id is a phone number) and file names show up in listings and
/// backups. The file's time is set to the last turn's time (from <see cref="TimeProvider"/>), and retention reads it.
/// Turns of one conversation are written one at a time (striped locks); several hosts must not share the folder.
/// </summary>
public sealed partial class FileTranscriptStore : ITranscriptStore
{
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly ILogger<FileTranscriptStore> _logger;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public FileTranscriptStore(string root, TimeProvider time, ILogger<FileTranscriptStore> logger)
    {
        _root = Path.GetFullPath(root);
        _time = time;
        _logger = logger;
    }

    /// <summary>The folder the transcripts are written to.</summary>
    public string Root => _root;

    /// <summary>The file of a conversation (it may not exist).</summary>
    public string PathOf(TranscriptKey key) => Path.Combine(_root, ChannelFolder(key.ChannelId), FileName(key.ConversationId));

    public async ValueTask AppendAsync(TranscriptKey key, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var gate = LockOf(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, useAsync: true))
            {
                await TranscriptFile.AppendAsync(file, activities, cancellationToken);
            }

            File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<Activity>?> ReadAsync(TranscriptKey key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var gate = LockOf(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return File.Exists(path) ? await TranscriptFile.ReadAsync(path, cancellationToken) : null;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask<int> DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var name = FileName(conversationId);
        var deleted = 0;
        foreach (var channel in Directory.EnumerateDirectories(_root))
        {
            var path = Path.Combine(channel, name);
            var gate = LockOf(path);
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            finally
            {
                gate.Release();
            }
        }

        return deleted;
    }

    public async ValueTask<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(_root, "*" + TranscriptFile.Extension, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var gate = LockOf(path);
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (File.Exists(path) && File.GetLastWriteTimeUtc(path) < cutoff.UtcDateTime)
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            catch (IOException ex)
            {
                // A file held open elsewhere is retried at the next sweep.
                LogSweepSkipped(ex, Path.GetFileName(path));
            }
            finally
            {
                gate.Release();
            }
        }

        return deleted;
    }

    /// <summary>32 hex characters of SHA-256: no personal data in names, no collisions in practice.</summary>
    public static string FileName(string conversationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)))[..32] + TranscriptFile.Extension;

    /// <summary>Known channel ids (letters, digits, dash, underscore) name their folder; anything else is hashed.</summary>
    public static string ChannelFolder(string channelId)
    {
        var safe = channelId.Length is > 0 and <= 40 && channelId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        return safe
            ? channelId.ToLowerInvariant()
            : "ch-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(channelId)))[..16];
    }

    private SemaphoreSlim LockOf(string path) =>
        _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_locks.Length)];

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Transcript {File} could not be deleted now; it will be retried at the next sweep")]
    private partial void LogSweepSkipped(Exception exception, string file);
}

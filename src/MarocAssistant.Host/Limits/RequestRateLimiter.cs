using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Limits;

/// <summary>
/// The host's global limiter for the ASP.NET Core rate-limiting middleware: a fixed window per client address and one
/// per user, counted in <see cref="IRateLimitCounters"/> (this process, or Redis for every host at once). Which
/// requests count: see <see cref="RateLimitingOptions"/>. The decision is asynchronous (a counter in Redis, or the user
/// id in a Bot Framework activity's body), so <see cref="AttemptAcquireCore"/> only lets exempt requests through and
/// the middleware then calls <see cref="AcquireAsyncCore"/>, as it does for every limiter that cannot decide at once.
/// </summary>
public sealed class RequestRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private const int MaxTokenLength = 4096;

    private readonly IRateLimitCounters _counters;
    private readonly RateLimitingOptions _options;
    private readonly BotFrameworkOptions _botFramework;
    private readonly TimeSpan _window;

    public RequestRateLimiter(IRateLimitCounters counters, IOptions<RateLimitingOptions> options, IOptions<BotFrameworkOptions> botFramework)
    {
        _counters = counters;
        _options = options.Value;
        _botFramework = botFramework.Value;
        _window = TimeSpan.FromSeconds(_options.WindowSeconds);
    }

    /// <summary>Which limits a request falls under.</summary>
    [Flags]
    internal enum Limits
    {
        None = 0,
        Address = 1,
        User = 2,

        /// <summary>Starts a conversation: also counted against <see cref="RateLimitingOptions.ConversationsPerAddress"/>.</summary>
        Start = 4,
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Classify(resource.Request) == Limits.None ? Lease.Granted : Lease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        var request = resource.Request;
        var limits = Classify(request);
        var remote = resource.Connection.RemoteIpAddress;
        if (limits.HasFlag(Limits.Address) && !(_options.SkipLoopbackAddresses && remote is not null && System.Net.IPAddress.IsLoopback(remote)))
        {
            // Behind a proxy listed in ForwardedHeaders, RemoteIpAddress is already the citizen's own address.
            var address = remote?.ToString() ?? "unknown";
            var window = await _counters.HitAsync("ip:" + address, _window, cancellationToken);
            if (window.Count > _options.PermitsPerAddress)
            {
                return Lease.Rejected(window.Remaining, "address");
            }

            if (limits.HasFlag(Limits.Start))
            {
                var starts = await _counters.HitAsync("start:" + address, _window, cancellationToken);
                if (starts.Count > _options.ConversationsPerAddress)
                {
                    return Lease.Rejected(starts.Remaining, "address");
                }
            }
        }

        if (limits.HasFlag(Limits.User) && await UserKeyAsync(request, cancellationToken) is { } user)
        {
            var window = await _counters.HitAsync("user:" + user, _window, cancellationToken);
            if (window.Count > _options.PermitsPerUser)
            {
                return Lease.Rejected(window.Remaining, "user");
            }
        }

        return Lease.Granted;
    }

    /// <summary>The limits that apply to a request; health, metrics, widget files and WhatsApp webhooks are not counted.</summary>
    internal Limits Classify(HttpRequest request)
    {
        if (!_options.Enabled)
        {
            return Limits.None;
        }

        var path = request.Path;
        if (path.StartsWithSegments("/api/messages"))
        {
            var limits = HttpMethods.IsPost(request.Method) ? Limits.User : Limits.None;
            return _botFramework.AuthenticationEnabled ? limits : limits | Limits.Address;
        }

        if (path.StartsWithSegments(DirectLineEndpoints.Prefix, out var rest))
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                return Limits.Address;
            }

            if (rest.Value?.EndsWith("/activities", StringComparison.Ordinal) == true || rest.Value?.EndsWith("/upload", StringComparison.Ordinal) == true)
            {
                return Limits.Address | Limits.User;
            }

            return IsStart(rest.Value, request.Headers.Authorization.ToString()) ? Limits.Address | Limits.Start : Limits.Address;
        }

        if (path.StartsWithSegments(WidgetTokens.Path) && HttpMethods.IsPost(request.Method))
        {
            return Limits.Address | Limits.Start;
        }

        // Agents' sign-in counts per address too: no password guessing at speed.
        return path.StartsWithSegments("/api/widget") || path.StartsWithSegments("/api/conversations") || path.StartsWithSegments("/api/agent/session")
            ? Limits.Address : Limits.None;
    }

    /// <summary>
    /// A Direct Line call that makes a new conversation: a token generated, or a conversation started with anything but
    /// a token (a token's own conversation was paid for when the token was given, by the widget or by generate).
    /// </summary>
    private static bool IsStart(string? rest, string authorization) => rest switch
    {
        "/tokens/generate" => true,
        "/conversations" or "/conversations/" => !(authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && TokenUser(authorization.AsSpan(7).Trim()) is not null),
        _ => false,
    };

    /// <summary>
    /// Who is sending: for Direct Line the <c>user</c> of the bearer token (its signature is checked by the endpoint;
    /// a forged one is refused there, and still counted here); for <c>/api/messages</c> the activity's
    /// <c>channelId</c> and <c>from.id</c>, read from the body, which is then given back to the endpoint untouched.
    /// </summary>
    internal async ValueTask<string?> UserKeyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Path.StartsWithSegments(DirectLineEndpoints.Prefix))
        {
            var header = request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenUser(header.AsSpan(7).Trim()) : null;
        }

        var limit = _botFramework.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            // Refused by the endpoint (413) without being read; the address limit still counts it.
            return null;
        }

        // Read at most one byte more than the endpoint accepts; whatever was read is given back in front of the rest.
        var buffer = new MemoryStream(request.ContentLength is { } known ? (int)known : 4096);
        const int ChunkBytes = 16 * 1024;
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);   // scratch for every counted message: pooled, not 16 KB each
        try
        {
            int n;
            while (buffer.Length <= limit && (n = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, limit + 1 - buffer.Length)), cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var read = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (buffer.Length > limit)
        {
            request.Body = new PrefixedStream(read, request.Body);
            return null;
        }

        request.Body = new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false);
        return ActivityUser(read.Span);
    }

    /// <summary>The <c>user</c> claim of a JWT, read without checking it; null when the credential is not a JWT (the secret).</summary>
    internal static string? TokenUser(ReadOnlySpan<char> token)
    {
        var first = token.IndexOf('.');
        if (token.Length > MaxTokenLength || first < 0)
        {
            return null;
        }

        var payload = token[(first + 1)..];
        var second = payload.IndexOf('.');
        if (second < 0)
        {
            return null;
        }

        payload = payload[..second];
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payload.Length));
        try
        {
            if (Base64Url.DecodeFromChars(payload, buffer, out _, out var written) != OperationStatus.Done)
            {
                return null;
            }

            var user = StringProperty(buffer.AsSpan(0, written), "user", null);
            return user is null ? null : "directline:" + user;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><c>channelId:from.id</c> of an activity's JSON, or null when it is not readable.</summary>
    internal static string? ActivityUser(ReadOnlySpan<byte> json)
    {
        var from = StringProperty(json, "from", "id");
        return from is null ? null : (StringProperty(json, "channelId", null) ?? "") + ":" + from;
    }

    /// <summary>A top-level string property, or a string property of a top-level object, without building a document.</summary>
    private static string? StringProperty(ReadOnlySpan<byte> json, string name, string? inner)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(name);
                reader.Read();
                if (matches && inner is null)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                if (matches && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var found = reader.ValueTextEquals(inner);
                        reader.Read();
                        if (found)
                        {
                            return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        }

                        reader.Skip();
                    }

                    return null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>Leases without permits to give back (windows are counted, not held).</summary>
    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null, null);
        public static readonly Lease Undecided = new(false, null, null);

        private readonly TimeSpan? _retryAfter;
        private readonly string? _reason;

        private Lease(bool acquired, TimeSpan? retryAfter, string? reason)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
            _reason = reason;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames =>
            _retryAfter is null ? [] : [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public static Lease Rejected(TimeSpan retryAfter, string reason) => new(false, retryAfter, reason);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? _retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? _reason
                : null;
            return metadata is not null;
        }

        // Shared instances: disposing one gives nothing back and must not break the next request.
        protected override void Dispose(bool disposing) => base.Dispose(disposing);
    }
}

/// <summary>A read-only stream that gives bytes already read, then the rest of the original stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty)
        {
            return rest.Read(buffer);
        }

        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty)
        {
            return await rest.ReadAsync(buffer, cancellationToken);
        }

        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarocAssistant.Activities;
using Microsoft.AspNetCore.Http;

namespace MarocAssistant.Channels;

/// <summary>Why a JSON request body was refused, in the order <see cref="JsonRequestReader"/> checks.</summary>
public enum JsonBodyFailure
{
    None,

    /// <summary>The content type is not JSON (415).</summary>
    NotJson,

    /// <summary>The body is over the endpoint's limit (413).</summary>
    TooLarge,

    /// <summary>The body is not the JSON expected (400); <see cref="JsonBody{T}.Problem"/> says why in words.</summary>
    Malformed,

    /// <summary>The body is an activity without a type, or JSON <c>null</c> (400).</summary>
    NoType,
}

/// <summary>A request body read as JSON: the value, or why not.</summary>
/// <param name="Value">The value read; null for a JSON <c>null</c> or an empty optional body, and on failure.</param>
/// <param name="Failure">What went wrong; <see cref="JsonBodyFailure.None"/> when the body was read.</param>
/// <param name="Problem">For <see cref="JsonBodyFailure.Malformed"/>: what is wrong, in words (<see cref="JsonBodyProblem"/>).</param>
/// <param name="Body">The bytes read (empty when the body was not read).</param>
public readonly record struct JsonBody<T>(T? Value, JsonBodyFailure Failure, string Problem, byte[] Body)
    where T : class
{
    public bool Succeeded => Failure == JsonBodyFailure.None;

    /// <summary>415, 413 or 400; 200 when the body was read.</summary>
    public int StatusCode => Failure switch
    {
        JsonBodyFailure.None => StatusCodes.Status200OK,
        JsonBodyFailure.NotJson => StatusCodes.Status415UnsupportedMediaType,
        JsonBodyFailure.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    internal static JsonBody<T> Fail(JsonBodyFailure failure, string problem = "", byte[]? body = null) => new(null, failure, problem, body ?? []);
}

/// <summary>
/// The one reader of JSON request bodies: content type, a read limited to the endpoint's size (an oversized body is
/// refused, never fully buffered), deserialization with what is wrong said in words, and for an activity its type.
/// Each channel words the refusals its own way (ProblemDetails for Bot Framework, Direct Line's error codes).
/// </summary>
public static class JsonRequestReader
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// An activity (<c>POST /api/messages</c>, Direct Line activities): a JSON content type, at most
    /// <paramref name="maxBytes"/>, a JSON object that deserializes, with a type.
    /// </summary>
    public static async Task<JsonBody<Activity>> ReadActivityAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken = default)
    {
        if (!IsJson(request.ContentType))
        {
            return JsonBody<Activity>.Fail(JsonBodyFailure.NotJson);
        }

        var body = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return JsonBody<Activity>.Fail(JsonBodyFailure.TooLarge);
        }

        var activity = Parse(body, ActivityJsonContext.Default.Activity, "activity");
        return activity.Succeeded && string.IsNullOrWhiteSpace(activity.Value?.Type)
            ? JsonBody<Activity>.Fail(JsonBodyFailure.NoType, body: body)
            : activity;
    }

    /// <summary>An optional body of any content type (token and widget requests): an empty body reads as null.</summary>
    public static async Task<JsonBody<T>> ReadOptionalAsync<T>(
        HttpRequest request, int maxBytes, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken = default)
        where T : class
    {
        var body = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return JsonBody<T>.Fail(JsonBodyFailure.TooLarge);
        }

        return body.Length == 0 ? new JsonBody<T>(null, JsonBodyFailure.None, "", body) : Parse(body, type, what);
    }

    /// <summary>
    /// Deserializes bytes already read (a signed webhook is checked before it is parsed, a multipart upload reads its
    /// parts). <paramref name="what"/> names the object expected in the problem's words, e.g. "activity".
    /// </summary>
    public static JsonBody<T> Parse<T>(byte[] body, JsonTypeInfo<T> type, string what)
        where T : class
    {
        try
        {
            return new JsonBody<T>(JsonSerializer.Deserialize(body, type), JsonBodyFailure.None, "", body);
        }
        catch (JsonException ex)
        {
            return JsonBody<T>.Fail(JsonBodyFailure.Malformed, JsonBodyProblem.Describe(body, ex, what), body);
        }
    }

    /// <summary>The request body's bytes, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static Task<byte[]?> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken = default) =>
        request.ContentLength > maxBytes
            ? Task.FromResult<byte[]?>(null)
            : ReadBytesAsync(request.Body, maxBytes, (int)(request.ContentLength ?? 0), cancellationToken);

    /// <summary>A stream's bytes (a request body, a multipart section), or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static Task<byte[]?> ReadBytesAsync(Stream body, int maxBytes, CancellationToken cancellationToken = default) =>
        ReadBytesAsync(body, maxBytes, 0, cancellationToken);

    // expectedBytes: the announced length, to size the buffer once (the limit is still checked on what is read).
    private static async Task<byte[]?> ReadBytesAsync(Stream body, int maxBytes, int expectedBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(Math.Clamp(expectedBytes, 0, maxBytes));
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);   // every request reads through one: pooled, not 16 KB each
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));
}

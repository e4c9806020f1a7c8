using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Recording.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Admin;

/// <summary>
/// <c>DELETE /api/conversations/{id}[?channelId=]</c>: erases a conversation's transcript, state, feedback
/// and agent-desk data (law 09-08, right to erasure), through every registered <see cref="IConversationErasure"/>. Authenticated by
/// <c>Admin:ApiKey</c> in the <c>X-Api-Key</c> header; 401 without it, 404 when no store knew the conversation.
/// </summary>
internal static class ConversationAdminApi
{
    private const int MaxIdLength = 256;

    public static IServiceCollection AddAdminApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>()
            .Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapConversationAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/conversations");
        group.AddEndpointFilter(RequireApiKeyAsync);
        group.MapDelete("/{id}", EraseAsync);
        return group;
    }

    private static async Task<Results<Ok<ErasureResponse>, ProblemHttpResult>> EraseAsync(
        string id, string? channelId, ConversationEraser eraser, CancellationToken cancellationToken)
    {
        if (id.Length > MaxIdLength || (channelId?.Length ?? 0) > 64)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad conversation id", detail: $"A conversation id has at most {MaxIdLength} characters.");
        }

        ConversationErasureReport report;
        try
        {
            report = await eraser.EraseAsync(id, channelId, cancellationToken);
        }
        catch (AggregateException)
        {
            // Each failure is logged by the eraser; the caller must retry, since something may be left.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Erasure incomplete", detail: "A store could not erase the conversation; retry later.");
        }

        return report.Found
            ? TypedResults.Ok(new ErasureResponse(report.ConversationId, report.Erased))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation not found", detail: "No transcript, state or feedback is kept for this conversation.");
    }

    /// <summary>Checks <c>X-Api-Key</c> against <c>Admin:ApiKey</c> in constant time (hashes of equal length are compared).</summary>
    private static async ValueTask<object?> RequireApiKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value;
        var given = context.HttpContext.Request.Headers[AdminOptions.HeaderName].ToString();
        if (options.ApiKey.Length == 0 || given.Length == 0 || !KeysMatch(given, options.ApiKey))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: options.ApiKey.Length == 0
                    ? "The administration API is off: Admin:ApiKey is not set."
                    : $"Send the administration key in the {AdminOptions.HeaderName} header.");
        }

        return await next(context);
    }

    internal static bool KeysMatch(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>What was erased: the names of the stores that held something (<c>state</c>, <c>transcript</c>, ...).</summary>
internal sealed record ErasureResponse(string ConversationId, IReadOnlyList<string> Erased);

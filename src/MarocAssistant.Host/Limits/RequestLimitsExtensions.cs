using System.Globalization;
using System.Threading.RateLimiting;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Limits;

/// <summary>
/// Rate limits (429 with <c>Retry-After</c> and a ProblemDetails body) and the status of requests Kestrel refuses while
/// the body is read (413 for a body above <c>Kestrel:Limits:MaxRequestBodySize</c>, 400 for a malformed one) instead
/// of a 500. Per-endpoint body limits are each channel's own (<c>*:MaxRequestBytes</c>).
/// </summary>
internal static class RequestLimitsExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) => settings.Value.Apply(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RequestRateLimiter>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => WriteRejectionAsync(context);
        });
        services.AddOptions<RateLimiterOptions>().Configure<IServiceProvider>((options, sp) => options.GlobalLimiter = sp.GetRequiredService<RequestRateLimiter>());
        services.Configure<ExceptionHandlerOptions>(options => options.StatusCodeSelector = exception =>
            exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        return services;
    }

    /// <summary>
    /// The forwarded headers of the proxies in <c>ForwardedHeaders</c> (only when some are listed: otherwise a client
    /// could choose the address it is counted under), then the rate limiter.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app.UseRateLimiter();
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var who = context.Lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) && reason == "user" ? "this user" : "this address";
        var detail = $"Too many requests from {who}; retry in {seconds} second(s).";
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail };
        if (http.Request.Path.StartsWithSegments(DirectLineEndpoints.Prefix))
        {
            // Direct Line clients read {"error":{"code","message"}}; generic clients read the ProblemDetails.
            problem.Extensions["error"] = new Dictionary<string, string> { ["code"] = "TooManyRequests", ["message"] = detail };
        }

        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        LimitsLog.Rejected(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MarocAssistant.Host.Limits"), who == "this user" ? "user" : "address");
    }
}

internal static partial class LimitsLog
{
    [LoggerMessage(EventId = 95, Level = LogLevel.Information, Message = "Request refused by the {Limit} rate limit")]
    public static partial void Rejected(ILogger logger, string limit);
}

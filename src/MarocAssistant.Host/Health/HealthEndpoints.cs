using System.Net;
using System.Text.Json;
using MarocAssistant.Host.Admin;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Health;

internal static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: corpus, index and models are loaded.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReportAsync,
        });
    }

    /// <summary>
    /// The overall status for anyone (what a load balancer needs); each check's description and data (class names,
    /// exception types, counts) only for a caller on this machine or one sending the administration key, since they
    /// describe the host's insides.
    /// </summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new Dictionary<string, object?> { ["status"] = report.Status.ToString() };
        if (MaySeeDetails(context))
        {
            body["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => (object?)new Dictionary<string, object?>
                {
                    ["status"] = e.Value.Status.ToString(),
                    ["description"] = e.Value.Description,
                    ["data"] = e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()),
                });
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>
    /// A loopback caller (a probe on the machine or in the pod; behind a reverse proxy, only with forwarded headers
    /// on, as for the rate limits) or one with the right <c>X-Api-Key</c>. A connection without an address is not loopback.
    /// </summary>
    internal static bool MaySeeDetails(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
        {
            return true;
        }

        var key = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
        var given = context.Request.Headers[AdminOptions.HeaderName].ToString();
        return key.Length > 0 && given.Length > 0 && ConversationAdminApi.KeysMatch(given, key);
    }
}

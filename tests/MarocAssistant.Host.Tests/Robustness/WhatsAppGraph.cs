using System.Text;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>A loopback Graph API that counts message sends (read receipts apart) and can fail the first ones.</summary>
internal sealed class WhatsAppGraph : IAsyncDisposable
{
    public const string AppSecret = "robustness-app-secret";
    public const string PhoneNumberId = "1122334455667";

    private int _sends;

    private WhatsAppGraph(LoopbackServer server)
    {
        Server = server;
    }

    public LoopbackServer Server { get; }

    /// <summary>Message sends received (including the failed ones).</summary>
    public int Sends => Volatile.Read(ref _sends);

    public IEnumerable<RecordedRequest> MessageSends => Server.Requests.Where(r => !r.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal));

    public static async Task<WhatsAppGraph> StartAsync(Func<int, int>? statusOfSend = null)
    {
        WhatsAppGraph? graph = null;
        var server = await LoopbackServer.StartAsync(async (context, request) =>
        {
            context.Response.ContentType = "application/json";
            if (request.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal))
            {
                await context.Response.WriteAsync("{\"success\":true}", context.RequestAborted);
                return;
            }

            var number = Interlocked.Increment(ref graph!._sends);
            var status = statusOfSend?.Invoke(number) ?? 200;
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(
                status == 200
                    ? "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],\"messages\":[{\"id\":\"wamid.sent" + number + "\"}]}"
                    : "{\"error\":{\"message\":\"test\",\"type\":\"OAuthException\",\"code\":131000}}",
                context.RequestAborted);
        });
        graph = new WhatsAppGraph(server);
        return graph;
    }

    /// <summary>Host settings that point the WhatsApp channel here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["WhatsApp:AppSecret"] = AppSecret,
        ["WhatsApp:AccessToken"] = "robustness-access-token",
        ["WhatsApp:VerifyToken"] = "robustness-verify",
        ["WhatsApp:PhoneNumberId"] = PhoneNumberId,
        ["WhatsApp:GraphBaseUrl"] = Server.BaseUrl + "/v23.0",
        ["WhatsApp:RetryBaseDelayMilliseconds"] = "10",
        ["WhatsApp:TypingIndicator"] = "false",
    };

    /// <summary>A webhook notification with one text message.</summary>
    public static string Notification(string messageId, string text, string from = "212600000001") =>
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\",\"value\":{" +
        "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"212500000000\",\"phone_number_id\":\"" + PhoneNumberId + "\"}," +
        "\"contacts\":[{\"profile\":{\"name\":\"C\"},\"wa_id\":\"" + from + "\"}]," +
        "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + messageId + "\",\"timestamp\":\"1700000000\",\"type\":\"text\",\"text\":{\"body\":" +
        System.Text.Json.JsonSerializer.Serialize(text) + "}}]}}]}]}";

    /// <summary>POSTs a notification signed with the app secret (or with the signature given).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? signature = null, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.Add(WhatsAppEndpoints.SignatureHeader, signature ?? WhatsAppSignature.Sign(AppSecret, bytes));
        return await client.PostAsync(WhatsAppEndpoints.Path, content, cancellationToken);
    }

    /// <summary>Waits until a host's WhatsApp queue has handled <paramref name="count"/> messages in all.</summary>
    public static async Task WaitForCompletedAsync(AssistantHost host, long count, CancellationToken cancellationToken)
    {
        var queue = host.Service<WhatsAppQueue>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (queue.Completed < count)
        {
            await Task.Delay(10, limit.Token);
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

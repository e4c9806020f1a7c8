using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MarocAssistant.Activities;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>
/// Sends replies to the channel's Connector service: <c>POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId}</c>
/// (ConnectorAPI.json), with a client-credentials token when the bot has an app id. One attempt within
/// <see cref="BotFrameworkOptions.OutgoingTimeoutSeconds"/> (<see cref="BotFrameworkResilience.ConfigureConnector"/>).
/// </summary>
public sealed class ConnectorClient
{
    private readonly HttpClient _http;
    private readonly BotFrameworkOptions _options;
    private readonly BotTokenProvider _tokens;

    public ConnectorClient(HttpClient http, IOptions<BotFrameworkOptions> options, BotTokenProvider tokens)
    {
        _http = http;
        _options = options.Value;
        _tokens = tokens;
    }

    public async Task<ResourceResponse?> SendAsync(Activity reply, CancellationToken cancellationToken = default)
    {
        var conversationId = reply.Conversation?.Id ?? throw new ArgumentException("A reply needs a conversation id.", nameof(reply));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(reply.ReplyToId))
        {
            path += "/" + Uri.EscapeDataString(reply.ReplyToId);
        }

        var baseUrl = reply.ServiceUrl!.EndsWith('/') ? reply.ServiceUrl : reply.ServiceUrl + "/";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(baseUrl), path))
        {
            Content = JsonContent.Create(reply, ActivityJsonContext.Default.Activity),
        };
        if (_options.AuthenticationEnabled)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _tokens.GetTokenAsync(cancellationToken));
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength is 0)
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(ActivityJsonContext.Default.ResourceResponse, cancellationToken);
        }
        catch (JsonException)
        {
            // Some connectors answer 200 with an empty or non-JSON body; the reply was still delivered.
            return null;
        }
    }
}

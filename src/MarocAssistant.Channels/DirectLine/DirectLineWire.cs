using System.Globalization;
using System.Text.Json;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Http;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>What polling, reconnect and the stream share on the wire: the <c>?watermark=</c> rule and the ActivitySet JSON.</summary>
public static class DirectLineWire
{
    /// <summary>
    /// Why a watermark is refused (400 BadArgument) by polling, reconnect and the stream alike: not a non-negative
    /// number, or beyond the conversation's last activity. Accepting one from beyond would silently skip every
    /// activity up to it, the bot's replies included; refused, the client reconnects without it and misses nothing.
    /// </summary>
    public const string WatermarkRefused = "The watermark is not one this service gave: a number from 0 to the watermark of the last activity.";

    /// <summary>Reads <c>?watermark=</c>: absent or empty gives <paramref name="absent"/>; otherwise a non-negative number.</summary>
    public static bool TryWatermark(HttpRequest request, long absent, out long watermark)
    {
        var raw = request.Query["watermark"].ToString();
        if (raw.Length == 0)
        {
            watermark = absent;
            return true;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out watermark);
    }

    /// <summary>The UTF-8 JSON of an ActivitySet built from the stored activity JSON, with the watermark as a string.</summary>
    public static byte[] ActivitySetJson(IEnumerable<StoredActivity> activities, long watermark)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var activity in activities)
            {
                writer.WriteRawValue(activity.Utf8Json.Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteString("watermark", watermark.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

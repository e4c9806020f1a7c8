using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarocAssistant.Activities;

/// <summary>
/// The one JSON context of activities and their wire DTOs: channels, the transcript files and <c>maroc replay</c>
/// all read and write activities through it, so they cannot drift apart.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(ExpectedReplies))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(HeroCard))]
[JsonSerializable(typeof(TranscriptEnvelope))]
[JsonSerializable(typeof(DirectLineConversation))]
[JsonSerializable(typeof(DirectLineTokenParameters))]
[JsonSerializable(typeof(SessionIdResponse))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class ActivityJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Writes Arabic and Tifinagh as themselves, not as <c>\uXXXX</c>: transcripts are read by people too. Files are
    /// never embedded in HTML unescaped (the HTML report encodes every text).
    /// </summary>
    public static ActivityJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}

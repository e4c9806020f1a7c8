using System.Text.Json.Serialization;

namespace MarocAssistant.Channels;

/// <summary>Source-generated JSON for the small shapes channels write besides activities.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ChannelJsonContext : JsonSerializerContext;

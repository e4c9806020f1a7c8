using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Activities;
using MarocAssistant.Testing;

namespace MarocAssistant.Channels.Tests.BotFramework;

/// <summary>The channel parsers over mutated bodies: they accept or throw <see cref="JsonException"/>, nothing else.</summary>
public sealed class ActivityJsonPropertyTests
{
    private const string Activity = "{\"type\":\"message\",\"id\":\"a1\",\"channelId\":\"emulator\",\"from\":{\"id\":\"u1\",\"name\":\"C\"},\"conversation\":{\"id\":\"c\"},\"text\":\"bghit passport\",\"attachments\":[{\"contentType\":\"image/png\"}],\"entities\":[{\"type\":\"x\"}],\"channelData\":{\"a\":[1,2]},\"value\":{\"b\":true}}";

    private const string Webhook = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"W\",\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"1\"},\"contacts\":[{\"wa_id\":\"2126\"}],\"messages\":[{\"from\":\"2126\",\"id\":\"wamid.1\",\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"x\",\"title\":\"y\"}}}]}}]}]}";

    [Fact]
    public void Deserialize_MutatedActivity_ParsesOrThrowsJsonException() =>
        HostileText.Check(Prop.ForAll(Mutations(Activity), body => ParsesOrRefuses(() => JsonSerializer.Deserialize(body, ActivityJsonContext.Default.Activity))), tests: 1000);

    [Fact]
    public void Deserialize_MutatedWebhook_ParsesOrThrowsJsonException() =>
        HostileText.Check(Prop.ForAll(Mutations(Webhook), body => ParsesOrRefuses(() => JsonSerializer.Deserialize(body, WhatsAppJsonContext.Default.WebhookPayload))), tests: 1000);

    [Fact]
    public void Deserialize_MutatedTokenParameters_ParsesOrThrowsJsonException() =>
        HostileText.Check(Prop.ForAll(Mutations("{\"user\":{\"id\":\"dl_1\",\"name\":\"x\"},\"trustedOrigins\":[\"https://a\"]}"), body =>
            ParsesOrRefuses(() => JsonSerializer.Deserialize(body, ActivityJsonContext.Default.DirectLineTokenParameters))), tests: 500);

    [Fact]
    public void Deserialize_ActivityWithAnyText_RoundTripsTheText() =>
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, text =>
        {
            var json = JsonSerializer.Serialize(new Activity { Type = "message", Text = text }, ActivityJsonContext.Default.Activity);
            return JsonSerializer.Deserialize(json, ActivityJsonContext.Default.Activity)!.Text == text;
        }), tests: 500);

    [Fact]
    public void IsValid_AnySignatureHeader_NeverThrows() =>
        HostileText.Check(Prop.ForAll(HostileText.AnyText, header =>
            !WhatsAppSignature.IsValid("secret", "{}"u8, header) || header == WhatsAppSignature.Sign("secret", "{}"u8)), tests: 500);

    private static bool ParsesOrRefuses(Func<object?> parse)
    {
        try
        {
            parse();
        }
        catch (JsonException)
        {
        }

        return true;
    }

    /// <summary>A valid body with bytes flipped, deleted, duplicated or inserted, or truncated, or with a hostile text spliced in.</summary>
    private static Arbitrary<byte[]> Mutations(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid);
        var position = Gen.Choose(0, bytes.Length - 1);
        var flip = position.SelectMany(p => Gen.Choose(0, 255).Select(b => { var copy = (byte[])bytes.Clone(); copy[p] = (byte)b; return copy; }));
        var cut = position.Select(p => bytes[..p]);
        var delete = position.Select(p => bytes[..p].Concat(bytes[(p + 1)..]).ToArray());
        var insert = position.SelectMany(p => Gen.Elements("{", "}", "[", "]", "\"", ",", ":", "\\", "null", "1e999", "-", "\\u0000", "\\uD800", "true").Select(s => bytes[..p].Concat(Encoding.UTF8.GetBytes(s)).Concat(bytes[p..]).ToArray()));
        var splice = HostileText.AnyText.Generator.Select(text => Encoding.UTF8.GetBytes(valid.Replace("bghit passport", text, StringComparison.Ordinal).Replace("\"x\"", JsonSerializer.Serialize(text), StringComparison.Ordinal)));
        var many = Gen.Choose(2, 8).SelectMany(n => flip.ArrayOf(n)).Select(all => all[^1]);
        return Arb.From(Gen.OneOf(flip, cut, delete, insert, splice, many));
    }
}

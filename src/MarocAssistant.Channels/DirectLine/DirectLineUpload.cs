using MarocAssistant.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// <c>POST /conversations/{id}/upload?userId=</c>: the assistant reads no files, so their content is discarded unread;
/// the activity part (if any) goes to the bot with the attachments named, and the bot says what it reads.
/// </summary>
public sealed class DirectLineUpload
{
    private readonly DirectLineAuth _auth;
    private readonly DirectLineTurns _turns;
    private readonly DirectLineOptions _options;

    public DirectLineUpload(DirectLineAuth auth, DirectLineTurns turns, IOptions<DirectLineOptions> options)
    {
        _auth = auth;
        _turns = turns;
        _options = options.Value;
    }

    public async Task<IResult> UploadAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        if (context.Request.ContentLength > _options.MaxRequestBytes * 4L)
        {
            return DirectLineErrors.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The upload is too large.");
        }

        var activity = new Activity { Type = ActivityTypes.Message, From = new ChannelAccount { Id = context.Request.Query["userId"].ToString() } };
        var attachments = new List<Attachment>();
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is { Length: > 0 } boundary)
        {
            try
            {
                var reader = new MultipartReader(boundary, context.Request.Body);
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (section.ContentType?.StartsWith("application/vnd.microsoft.activity", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        var part = await JsonRequestReader.ReadBytesAsync(section.Body, _options.MaxRequestBytes, cancellationToken);
                        var read = part is null ? default : JsonRequestReader.Parse(part, ActivityJsonContext.Default.Activity, "activity");
                        if (read.Failure == JsonBodyFailure.Malformed)
                        {
                            return DirectLineErrors.BadArgument("The body is not a valid multipart upload.");
                        }

                        activity = read.Value;
                        if (activity is null)
                        {
                            return DirectLineErrors.BadArgument("The activity part is not a valid activity.");
                        }
                    }
                    else
                    {
                        await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                        attachments.Add(new Attachment { ContentType = section.ContentType ?? "application/octet-stream" });
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException)
            {
                return DirectLineErrors.BadArgument("The body is not a valid multipart upload.");
            }
        }
        else
        {
            try
            {
                await context.Request.Body.CopyToAsync(Stream.Null, cancellationToken);
            }
            catch (IOException)
            {
                return DirectLineErrors.BadArgument("The upload could not be read.");
            }

            attachments.Add(new Attachment { ContentType = context.Request.ContentType ?? "application/octet-stream" });
        }

        activity.Type ??= ActivityTypes.Message;
        if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            activity.From = new ChannelAccount { Id = context.Request.Query["userId"].ToString() };
        }

        // Only what was uploaded is named; nothing of its content is kept.
        activity.Attachments = attachments;
        return await _turns.AcceptAsync(conversationId, caller, activity, cancellationToken);
    }
}

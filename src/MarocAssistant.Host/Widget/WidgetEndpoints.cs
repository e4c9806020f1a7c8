using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MarocAssistant.Host.Widget;

/// <summary>
/// The embeddable widget's files: the demo page (<c>/</c>), the one-line embed (<c>/widget.js</c>) and the official
/// Web Chat bundle (<c>/webchat/webchat.js</c>, fetched at build time). The conversation token the widget asks for is
/// Direct Line's (<c>POST /api/widget/token</c>, Channels/DirectLine/WidgetTokens).
/// </summary>
public sealed class WidgetEndpoints
{
    private readonly WidgetOptions _options;
    private readonly string _root;

    public WidgetEndpoints(IOptions<WidgetOptions> options)
    {
        _options = options.Value;
        _root = Path.IsPathRooted(_options.FilesPath) ? _options.FilesPath : Path.Combine(AppContext.BaseDirectory, _options.FilesPath);
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (HttpContext c, WidgetEndpoints w) => w.File(c, "index.html", "text/html; charset=utf-8", "no-cache"));
        endpoints.MapGet("/widget.js", (HttpContext c, WidgetEndpoints w) => w.File(c, "widget.js", "text/javascript; charset=utf-8", "public, max-age=300"));
        endpoints.MapGet("/webchat/webchat.js", (HttpContext c, WidgetEndpoints w) =>
            w.File(c, "webchat/webchat.js", "text/javascript; charset=utf-8", "public, max-age=86400"));
        endpoints.MapGet("/webchat/webchat.js.LICENSE.txt", (HttpContext c, WidgetEndpoints w) =>
            w.File(c, "webchat/webchat.js.LICENSE.txt", "text/plain; charset=utf-8", "public, max-age=86400"));
    }

    /// <summary>A widget file; the Web Chat bundle goes out pre-gzipped to browsers that accept it.</summary>
    private IResult File(HttpContext context, string relativePath, string contentType, string cacheControl)
    {
        var path = Path.Combine(_root, relativePath);
        if (!System.IO.File.Exists(path))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Widget file missing",
                detail: $"{relativePath} is not installed (the build copies it into {_options.FilesPath}).");
        }

        context.Response.Headers.CacheControl = cacheControl;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        var gzip = path + ".gz";
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase) && System.IO.File.Exists(gzip))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            path = gzip;
        }

        var info = new FileInfo(path);
        var etag = new EntityTagHeaderValue("\"" + info.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture)
            + "-" + info.LastWriteTimeUtc.Ticks.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\"");
        return TypedResults.PhysicalFile(path, contentType, lastModified: info.LastWriteTimeUtc, entityTag: etag);
    }
}

/// <summary>Registers and maps the widget's files.</summary>
public static class WidgetExtensions
{
    public static IServiceCollection AddWidget(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WidgetOptions>()
            .Bind(configuration.GetSection(WidgetOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<WidgetEndpoints>();
        return services;
    }

    public static WebApplication MapWidget(this WebApplication app)
    {
        WidgetEndpoints.Map(app);
        return app;
    }
}

using MarocAssistant.Language.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Language;

/// <summary>Registers the first stage of a turn: which language a message is in.</summary>
public static class LanguageServiceCollectionExtensions
{
    public static IServiceCollection AddLanguage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LanguageOptions>()
            .Bind(configuration.GetSection(LanguageOptions.SectionName))
            .Validate(options => !string.IsNullOrWhiteSpace(options.ModelsPath), "Assistant:ModelsPath is required.")
            .ValidateOnStart();
        services.AddSingleton<ILanguageDetector>(CreateLanguageDetector);
        return services;
    }

    /// <summary>The ONNX language model when ONNX Runtime and the model load; the script rules otherwise (logged).</summary>
    private static ILanguageDetector CreateLanguageDetector(IServiceProvider services)
    {
        var models = services.GetRequiredService<IOptions<LanguageOptions>>().Value.ModelsFolder;
        var detector = LanguageDetectors.Create(new OnnxLanguageDetectorOptions { ModelPath = Path.Combine(models, "langid.onnx") }, out var reason);
        if (reason is not null)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("MarocAssistant.Language")
                .LogWarning("Language identification degraded to script rules: {Reason}", reason);
        }

        return detector;
    }
}

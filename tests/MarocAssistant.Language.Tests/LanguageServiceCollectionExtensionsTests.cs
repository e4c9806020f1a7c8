using MarocAssistant.Language.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Language.Tests;

/// <summary>The language stage as the host registers it: the models folder from the Assistant section, checked on start.</summary>
public sealed class LanguageServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLanguage_DefaultSettings_DetectsWithTheShippedModelsFolder()
    {
        using var provider = Services().BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var detector = provider.GetRequiredService<ILanguageDetector>();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models"), provider.GetRequiredService<IOptions<LanguageOptions>>().Value.ModelsFolder);
        Assert.False(string.IsNullOrEmpty(detector.Detect("Bonjour, je voudrais renouveler mon passeport").Label));
    }

    [Fact]
    public void AddLanguage_EmptyModelsPath_FailsAtStart()
    {
        using var provider = Services(("Assistant:ModelsPath", " ")).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Assistant:ModelsPath", error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLanguage(configuration);
        return services;
    }
}

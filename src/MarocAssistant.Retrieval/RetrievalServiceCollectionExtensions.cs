using MarocAssistant.Language;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Retrieval;

/// <summary>Registers the retrieve stage: the procedure corpus and the hybrid search over it.</summary>
public static class RetrievalServiceCollectionExtensions
{
    /// <summary>
    /// The corpus (<c>Assistant:CorpusPath</c>), its retrieval resources and the hybrid search over the embedded index
    /// (section <c>Retrieval</c>, validated on start). A remote index registered as <see cref="IProcedureIndex"/>
    /// (Qdrant, <c>AddQdrantProcedureIndex</c>) is used with the embedded one as fallback.
    /// </summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetrievalFolderOptions>()
            .Bind(configuration.GetSection(RetrievalFolderOptions.SectionName))
            .Validate(options => !string.IsNullOrWhiteSpace(options.CorpusPath), "Assistant:CorpusPath is required.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.ModelsPath), "Assistant:ModelsPath is required.")
            .ValidateOnStart();
        services.AddOptions<RetrievalOptions>()
            .Bind(configuration.GetSection(RetrievalOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetrievalOptions>, RetrievalOptionsValidator>();

        services.AddSingleton(sp => ProcedureCorpus.LoadFolder(Folders(sp).CorpusFolder));

        // Loaded once: the search and the dialog's procedure mentions read the same lexicon.
        services.AddSingleton(sp => RetrievalResources.Load(
            ResolvePaths(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value, Folders(sp)).CorpusPath,
            corpus: sp.GetRequiredService<ProcedureCorpus>()));
        services.AddSingleton<IProcedureSearch>(sp => ProcedureSearchFactory.Create(
            ResolvePaths(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value, Folders(sp)),
            sp.GetService<IProcedureIndex>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("MarocAssistant.Retrieval"),
            sp.GetRequiredService<ProcedureCorpus>(),
            sp.GetRequiredService<RetrievalResources>()));
        return services;
    }

    private static RetrievalFolderOptions Folders(IServiceProvider services) =>
        services.GetRequiredService<IOptions<RetrievalFolderOptions>>().Value;

    /// <summary>Retrieval reads the corpus, models and index next to the binaries unless the paths are absolute.</summary>
    private static RetrievalOptions ResolvePaths(RetrievalOptions options, RetrievalFolderOptions folders)
    {
        var corpusRoot = Path.GetDirectoryName(folders.CorpusFolder.TrimEnd('/', '\\'))!;
        options.CorpusPath = Path.IsPathRooted(options.CorpusPath) ? options.CorpusPath : corpusRoot;
        options.ModelsPath = Path.IsPathRooted(options.ModelsPath) ? options.ModelsPath : folders.ModelsFolder;
        options.IndexPath = AppFolder.Resolve(options.IndexPath);
        return options;
    }

    private sealed class RetrievalOptionsValidator : IValidateOptions<RetrievalOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetrievalOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Composition.Llm;

/// <summary>The optional LLM composer (section <c>Llm</c>). With no endpoint, answers come from the templates only.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>An OpenAI-compatible Chat Completions base URL, e.g. <c>http://localhost:11434/v1</c> (Ollama). Empty: no LLM.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The model name the endpoint serves (e.g. an Atlas-Chat model for Darija).</summary>
    public string Model { get; set; } = "";

    /// <summary>The API key, if the endpoint wants one.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>After this many seconds the template answer is used instead (each HTTP call and the whole wording).</summary>
    /// <value>Default 3 seconds.</value>
    [Range(0.1, 120)]
    public double TimeoutSeconds { get; set; } = 3;

    /// <summary>Upper bound of generated tokens, to keep answers short enough for WhatsApp.</summary>
    [Range(16, 4096)]
    public int MaxOutputTokens { get; set; } = 500;

    /// <summary>
    /// Offer the model the procedures plugin (<c>search_procedures</c>, <c>get_procedure</c>) as tools. Off by default:
    /// not every OpenAI-compatible server or model accepts tools, and the answer is still checked against its record.
    /// </summary>
    public bool FunctionCalling { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

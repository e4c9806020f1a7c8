using MarocAssistant.Channels;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Conversation;
using MarocAssistant.Host;
using MarocAssistant.Host.Health;

// The request path, in order: channel adapter → turn pipeline (language → understand → retrieve → decide → compose) → channel adapter.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrlsIfUnset(builder.Configuration, "http://localhost:5080");

builder.Services.AddProblemDetails();
builder.Services.AddMarocAssistant(builder.Configuration);         // pipeline, corpus, language, retrieval, composition, state
builder.Services.AddBotFrameworkChannel(builder.Configuration);    // POST /api/messages
builder.Services.AddHealthChecks().AddCheck<AssistantReadinessCheck>("assistant", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapHealthEndpoints();           // GET /healthz, GET /readyz
BotMessagesEndpoint.Map(app);       // POST /api/messages

app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;

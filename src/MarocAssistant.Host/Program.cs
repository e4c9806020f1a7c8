using MarocAssistant.Channels;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Conversation;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Conversation.Transcripts;
using MarocAssistant.Host;
using MarocAssistant.Host.Admin;
using MarocAssistant.Host.Health;
using MarocAssistant.Host.Limits;
using MarocAssistant.Host.Observability;
using MarocAssistant.Host.Widget;
using MarocAssistant.Retrieval.Qdrant;
using MarocAssistant.State.Redis;

// The request path, in order: channel adapter → turn pipeline (language → understand → retrieve → decide → compose) → channel adapter.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrlsIfUnset(builder.Configuration, "http://localhost:5080");
builder.Logging.RedactPersonalData();                              // every log line: CIN, phones, e-mails, RIB/IBAN redacted

builder.Services.AddProblemDetails();
builder.Services.AddMarocAssistant(builder.Configuration);         // pipeline, corpus, language, retrieval, composition, state
builder.Services.AddQdrantProcedureIndex(builder.Configuration);   // Retrieval:Backend=Qdrant: the Qdrant index (embedded stays the fallback)
builder.Services.AddBotFrameworkChannel(builder.Configuration);    // POST /api/messages
builder.Services.AddDirectLineChannel(builder.Configuration);      // /v3/directline: Web Chat, Botium; widget tokens
builder.Services.AddWhatsAppChannel(builder.Configuration);        // /api/whatsapp: Cloud API webhook, Graph replies
builder.Services.AddWidget(builder.Configuration);                 // demo page, /widget.js, Web Chat bundle
builder.Services.AddTranscripts(builder.Configuration);            // record: redacted transcripts, retention, erasure
builder.Services.AddAdminApi(builder.Configuration);               // Admin:ApiKey
builder.Services.AddSharedState(builder.Configuration);            // State:Redis: state, Direct Line logs, duplicate keys, rate counters shared by hosts
builder.Services.AddRequestLimits(builder.Configuration);          // per-address and per-user rate limits (429 + Retry-After), body limit statuses
builder.Services.AddObservability(builder.Configuration);          // OpenTelemetry: turns, latency per stage, language, outcome; GET /metrics; OTLP
builder.Services.AddTurnWarmUp(builder.Configuration);            // made-up turns through the turn path before /readyz says ready
builder.Services.AddHealthChecks().AddCheck<AssistantReadinessCheck>("assistant", tags: ["ready"])
    .AddCheck<RetrievalReadinessCheck>("retrieval", tags: ["ready"]);   // Qdrant down → degraded (embedded index answers)

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();

app.MapHealthEndpoints();           // GET /healthz, GET /readyz
app.MapMetrics();                   // GET /metrics (Prometheus text, OpenTelemetry exporter)
BotMessagesEndpoint.Map(app);       // POST /api/messages
app.MapDirectLine();                // /v3/directline/* (REST and WebSocket stream), POST /api/widget/token
app.MapWhatsApp();                  // GET, POST /api/whatsapp
app.MapWidget();                    // GET /, /widget.js, /webchat/webchat.js
app.MapConversationAdminApi();      // DELETE /api/conversations/{id}: erase transcript, state, feedback

app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;

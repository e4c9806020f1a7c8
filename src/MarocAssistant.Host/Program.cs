using MarocAssistant.Channels;
using MarocAssistant.Composition;
using MarocAssistant.Conversation;
using MarocAssistant.Host;
using MarocAssistant.Host.Admin;
using MarocAssistant.Host.AgentDesk;
using MarocAssistant.Host.Health;
using MarocAssistant.Host.Limits;
using MarocAssistant.Host.Observability;
using MarocAssistant.Host.Widget;
using MarocAssistant.Language;
using MarocAssistant.Recording;
using MarocAssistant.Recording.Privacy;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Qdrant;
using MarocAssistant.State.Redis;

// The request path, in order: channel adapter → turn pipeline (language → understand → retrieve → decide → compose) → channel adapter.
// Below, one AddX() per project from the bottom of that path up, then what the host itself adds.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrlsIfUnset(builder.Configuration, "http://localhost:5080");
builder.Logging.RedactPersonalData();                              // every log line: CIN, phones, e-mails, RIB/IBAN redacted
builder.Logging.UseBatchedConsole();                               // the console lines as configured (JSON), written in batches

builder.Services.AddProblemDetails();
builder.Services.AddLanguage(builder.Configuration);               // Language: language identification (langid.onnx, script rules as fallback)
builder.Services.AddRetrieval(builder.Configuration);              // Retrieval: corpus, hybrid search over the embedded index
builder.Services.AddQdrantProcedureIndex(builder.Configuration);   // Retrieval.Qdrant: with Retrieval:Backend=Qdrant, the Qdrant index (embedded stays the fallback)
builder.Services.AddComposition(builder.Configuration);            // Composition: templates, optional LLM wording behind the fact guard
builder.Services.AddConversation(builder.Configuration);           // Conversation: turn pipeline, understanding, in-memory state
builder.Services.AddSharedState(builder.Configuration);            // State.Redis: with State:Redis, state, Direct Line logs, duplicate keys, rate counters shared by hosts
builder.Services.AddChannels(builder.Configuration);               // Channels: /api/messages, /v3/directline and widget tokens, /api/whatsapp
builder.Services.AddRecording(builder.Configuration);              // Recording: feedback, redacted transcripts, retention, erasure
builder.Services.AddWidget(builder.Configuration);                 // host: demo page, /widget.js, Web Chat bundle
builder.Services.AddAdminApi(builder.Configuration);               // host: Admin:ApiKey
builder.Services.AddAgentDeskApi();                                // host: agents' sign-in (AgentDesk:Agents), /agent page and API
builder.Services.AddRequestLimits(builder.Configuration);          // host: per-address and per-user rate limits (429 + Retry-After), body limit statuses
builder.Services.AddObservability(builder.Configuration);          // host: OpenTelemetry: turns, latency per stage, language, outcome; GET /metrics; OTLP
builder.Services.AddTurnWarmUp(builder.Configuration);             // host: made-up turns through the turn path before /readyz says ready
builder.Services.AddHealthChecks().AddCheck<AssistantReadinessCheck>("assistant", tags: ["ready"])
    .AddCheck<RetrievalReadinessCheck>("retrieval", tags: ["ready"]);   // Qdrant down → degraded (embedded index answers)

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();

app.MapHealthEndpoints();           // GET /healthz, GET /readyz
app.MapMetrics();                   // GET /metrics (Prometheus text, OpenTelemetry exporter)
app.MapChannels();                  // POST /api/messages; /v3/directline/* (REST, WebSocket stream), POST /api/widget/token; GET, POST /api/whatsapp
app.MapWidget();                    // GET /, /widget.js, /webchat/webchat.js
app.MapConversationAdminApi();      // DELETE /api/conversations/{id}: erase transcript, state, feedback, desk
app.MapAgentDesk();                 // /agent; /api/agent/session, queue, events, conversations/{id}[/take|messages|release|close]

app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;

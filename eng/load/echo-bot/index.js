// A minimal Bot Framework JS SDK (botbuilder) echo bot: the reference the load script compares MarocAssistant with.
// No app id (like the assistant under load): CloudAdapter accepts unauthenticated requests, and deliveryMode
// "expectReplies" returns the replies in the response body, as /api/messages does.
'use strict';
const http = require('http');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler } = require('botbuilder');

const port = Number(process.env.PORT || 3978);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => { console.error('turn error', error && error.message); };

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text}`);
      await next();
    });
  }
}
const bot = new EchoBot();

http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') { res.statusCode = 404; res.end(); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try { req.body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { res.statusCode = 400; res.end(); return; }
    // The small part of the restify/express response API that CloudAdapter uses.
    const response = {
      status(code) { res.statusCode = code; return response; },
      header(name, value) { res.setHeader(name, value); return response; },
      send(body) {
        if (body !== undefined) {
          const text = typeof body === 'string' ? body : JSON.stringify(body);
          if (!res.getHeader('Content-Type')) { res.setHeader('Content-Type', 'application/json'); }
          res.write(text);
        }
        return response;
      },
      end() { res.end(); return response; },
    };
    try { await adapter.process(req, response, (context) => bot.run(context)); } catch (e) { if (!res.writableEnded) { res.statusCode = 500; res.end(); } }
  });
}).listen(port, '127.0.0.1', () => console.log(`echo bot on http://127.0.0.1:${port}/api/messages`));

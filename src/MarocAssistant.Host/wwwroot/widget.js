/*
 * MarocAssistant widget: one line on an administration's page.
 *
 *   <script src="https://assistant.example/widget.js" data-administration="ID" data-lang="ar"></script>
 *
 * data-administration  the id configured in Widget:Administrations (its allowed origins must include this page's)
 * data-lang            ar | ary (Darija, Arabic script) | fr | en — Arabic script is shown right-to-left
 * data-container       optional id of an element to fill; without it a chat button opens a floating panel
 * data-title           optional title of the floating panel
 *
 * It loads the official Web Chat bundle from the same host, asks the host for a conversation token (never a
 * secret) and connects Web Chat to the host's Direct Line endpoint.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }

  var base = new URL(script.src, window.location.href).origin;
  var administration = script.getAttribute("data-administration") || "";
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "fr").toLowerCase();
  var containerId = script.getAttribute("data-container");
  var rtl = lang === "ar" || lang === "ary" || lang.indexOf("ar-") === 0;

  var texts = {
    ar: { placeholder: "اكتب سؤالك هنا…", open: "المساعد", close: "إغلاق", error: "المساعد غير متاح حاليا. حاول لاحقا.", agent: "موظف" },
    ary: { placeholder: "كتب السؤال ديالك هنا…", open: "المساعد", close: "سد", error: "المساعد ما خدامش دابا. عاود من بعد.", agent: "موظف" },
    fr: { placeholder: "Posez votre question (darija, français, arabe…)", open: "Assistant", close: "Fermer", error: "L'assistant est indisponible pour le moment. Réessayez plus tard.", agent: "agent" },
    en: { placeholder: "Ask your question (Darija, French, Arabic…)", open: "Assistant", close: "Close", error: "The assistant is unavailable right now. Please try again later.", agent: "agent" }
  };
  var t = texts[lang] || texts[lang.split("-")[0]] || texts.fr;
  var locale = rtl ? "ar-MA" : lang.indexOf("en") === 0 ? "en-US" : "fr-FR";

  function loadWebChat() {
    if (window.WebChat) {
      return Promise.resolve(window.WebChat);
    }
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = base + "/webchat/webchat.js";
      tag.async = true;
      tag.onload = function () { resolve(window.WebChat); };
      tag.onerror = function () { reject(new Error("Web Chat bundle not loaded")); };
      document.head.appendChild(tag);
    });
  }

  function fetchToken() {
    return fetch(base + "/api/widget/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ administration: administration }),
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("token refused: HTTP " + response.status);
      }
      return response.json();
    });
  }

  // What Markdown would take for formatting (and quotes, which it would curl), escaped so that an agent's text shows
  // as typed; links stay links.
  function escapeMarkdown(text) {
    return String(text)
      .replace(/[\\`*_\[\]<>~|'"]/g, "\\$&")
      .replace(/^(\s*)([#>+=-])/gm, "$1\\$2")
      .replace(/^(\s*\d+)([.)])/gm, "$1\\$2")
      .replace(/\r?\n/g, "  \n");
  }

  // An agent's reply comes from role "agent" with the agent's name (the host's agent desk). Web Chat shows every
  // message that is not the citizen's on the assistant's side without a name, so the citizen could not tell a person
  // from the assistant: the agent's name, in bold, and "agent" head the reply.
  function labelAgentReplies() {
    return function () {
      return function (next) {
        return function (action) {
          var activity = action.type === "DIRECT_LINE/INCOMING_ACTIVITY" && action.payload ? action.payload.activity : null;
          if (activity && activity.type === "message" && activity.from && activity.from.role === "agent" && activity.from.name && typeof activity.text === "string") {
            var labelled = Object.assign({}, activity, {
              text: "**" + escapeMarkdown(activity.from.name) + "** · " + escapeMarkdown(t.agent) + "\n\n" + escapeMarkdown(activity.text),
              textFormat: "markdown"
            });
            action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: labelled }) });
          }
          return next(action);
        };
      };
    };
  }

  function showError(element) {
    element.textContent = "";
    var p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.style.cssText = "padding:1em;font:14px sans-serif;color:#8a1c1c";
    p.textContent = t.error;
    element.appendChild(p);
  }

  function start(element) {
    element.setAttribute("dir", rtl ? "rtl" : "ltr");
    element.setAttribute("lang", rtl ? "ar" : lang);
    return Promise.all([loadWebChat(), fetchToken()]).then(function (results) {
      var WebChat = results[0];
      var session = results[1];
      WebChat.renderWebChat({
        directLine: WebChat.createDirectLine({ domain: base + "/v3/directline", token: session.token, webSocket: true }),
        store: WebChat.createStore({}, labelAgentReplies()),
        locale: locale,
        dir: rtl ? "rtl" : "ltr",
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: t.placeholder },
        styleOptions: {
          hideUploadButton: true,
          accent: "#006233",
          bubbleBorderRadius: 8,
          bubbleFromUserBackground: "#e6f2ec",
          bubbleFromUserBorderRadius: 8,
          suggestedActionLayout: "flow",
          suggestedActionBorderRadius: 16,
          primaryFont: rtl ? "'Noto Sans Arabic', 'Noto Naskh Arabic', 'DejaVu Sans', sans-serif" : "'Noto Sans', 'DejaVu Sans', sans-serif"
        }
      }, element);
      return session;
    }).catch(function (error) {
      showError(element);
      if (window.console) {
        window.console.warn("MarocAssistant widget:", error.message);
      }
    });
  }

  function floating() {
    var side = rtl ? "left" : "right";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = t.open;
    button.setAttribute("aria-expanded", "false");
    button.style.cssText = "position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;" +
      "background:#006233;color:#fff;font:600 15px sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer";
    var panel = document.createElement("div");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", script.getAttribute("data-title") || t.open);
    panel.style.cssText = "position:fixed;bottom:80px;" + side + ":20px;z-index:2147483000;width:min(380px,calc(100vw - 40px));" +
      "height:min(560px,calc(100vh - 120px));background:#fff;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.3);display:none;overflow:hidden";
    var chat = document.createElement("div");
    chat.style.cssText = "height:100%";
    panel.appendChild(chat);
    var started = false;
    button.addEventListener("click", function () {
      var open = panel.style.display === "none";
      panel.style.display = open ? "block" : "none";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? t.close : t.open;
      if (open && !started) {
        started = true;
        start(chat);
      }
    });
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }

  function init() {
    var element = containerId ? document.getElementById(containerId) : null;
    if (element) {
      start(element);
    } else {
      floating();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

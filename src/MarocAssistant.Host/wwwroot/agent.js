// The agent desk page: sign in, the live queue (server-sent events from /api/agent/events), one conversation at a
// time with its summary and redacted history, take / reply / release / close. French and Arabic; no build step.
(function () {
  "use strict";
  var texts = {
    fr: {
      title: "Bureau des agents", logout: "Se déconnecter", signin: "Connexion", user: "Identifiant", password: "Mot de passe",
      badlogin: "Identifiant ou mot de passe incorrect.", queue: "File d'attente", queueempty: "Aucune conversation en attente.",
      choose: "Choisissez une conversation dans la file.", take: "Prendre en charge", release: "Rendre à l'assistant", close: "Clore",
      send: "Envoyer", replyph: "Votre réponse au citoyen…", waiting: "en attente depuis", heldby: "prise par", you: "vous",
      citizen: "Citoyen", assistant: "Assistant", agent: "Agent", channel: "Canal", language: "Langue", procedure: "Démarche",
      min: "min", s: "s", other: "Langue", switchto: "العربية", error: "L'action a échoué", conflict: "Un autre agent a déjà pris cette conversation."
    },
    ar: {
      title: "مكتب الموظفين", logout: "تسجيل الخروج", signin: "تسجيل الدخول", user: "اسم المستخدم", password: "كلمة المرور",
      badlogin: "اسم المستخدم أو كلمة المرور غير صحيحة.", queue: "قائمة الانتظار", queueempty: "لا توجد محادثات في الانتظار.",
      choose: "اختر محادثة من القائمة.", take: "التكفل بالمحادثة", release: "إرجاعها إلى المساعد", close: "إغلاق",
      send: "إرسال", replyph: "ردك على المواطن…", waiting: "في الانتظار منذ", heldby: "يتكفل بها", you: "أنت",
      citizen: "المواطن", assistant: "المساعد", agent: "الموظف", channel: "القناة", language: "اللغة", procedure: "الإجراء",
      min: "د", s: "ث", other: "اللغة", switchto: "Français", error: "تعذر تنفيذ العملية", conflict: "تكفل موظف آخر بهذه المحادثة."
    }
  };
  var lang = localStorage.getItem("agentLang") === "ar" ? "ar" : "fr";
  var me = null, selected = null, queue = [], events = null, refresh = null;
  var $ = function (id) { return document.getElementById(id); };

  function t(key) { return texts[lang][key] || key; }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    document.querySelectorAll("[data-t]").forEach(function (el) { el.textContent = t(el.getAttribute("data-t")); });
    document.querySelectorAll("[data-t-placeholder]").forEach(function (el) { el.placeholder = t(el.getAttribute("data-t-placeholder")); });
    $("lang").textContent = t("switchto");
    renderQueue();
    if (selected) { loadConversation(); }
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method, credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (response.status === 401) { showLogin(); }
      return response;
    });
  }

  function showLogin() {
    me = null;
    if (events) { events.close(); events = null; }
    $("login").hidden = false; $("desk").hidden = true; $("logout").hidden = true; $("who").textContent = "";
  }

  function showDesk(name) {
    $("login").hidden = true; $("desk").hidden = false; $("logout").hidden = false; $("who").textContent = name;
    events = new EventSource("/api/agent/events");
    events.addEventListener("queue", function (e) {
      var view = JSON.parse(e.data);
      me = view.user; queue = view.conversations; renderQueue();
      if (selected) { loadConversation(); }
    });
    events.onerror = function () {
      // A closed session ends the stream; the next call tells (401 → sign-in form).
      api("GET", "/api/agent/queue");
    };
  }

  function waited(seconds) {
    return seconds >= 60 ? Math.floor(seconds / 60) + " " + t("min") : seconds + " " + t("s");
  }

  function renderQueue() {
    var list = $("queue-list");
    list.textContent = "";
    $("queue-empty").hidden = queue.length > 0;
    queue.forEach(function (c) {
      var li = document.createElement("li");
      li.dataset.id = c.id;
      if (c.id === selected) { li.className = "selected"; }
      var title = document.createElement("div");
      title.textContent = (c.procedure || "—") + " · " + c.channel + " · " + c.language;
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = c.agent ? t("heldby") + " " + (c.agent === me ? t("you") : c.agent) : t("waiting") + " " + waited(c.waitingSeconds);
      li.appendChild(title); li.appendChild(meta);
      li.addEventListener("click", function () { selected = c.id; renderQueue(); loadConversation(); });
      list.appendChild(li);
    });
    if (selected && !queue.some(function (c) { return c.id === selected; })) {
      selected = null; $("open").hidden = true; $("none").hidden = false;
    }
  }

  function loadConversation() {
    var id = selected;
    api("GET", "/api/agent/conversations/" + encodeURIComponent(id)).then(function (r) {
      if (!r.ok || id !== selected) { return null; }
      return r.json();
    }).then(function (view) {
      if (!view) { return; }
      var c = view.conversation;
      $("none").hidden = true; $("open").hidden = false;
      $("summary").textContent = c.summary;
      var mine = c.agent === me;
      $("take").disabled = !!c.agent;
      $("release").disabled = !mine;
      $("close").disabled = !!c.agent && !mine;
      $("reply").disabled = !mine; $("send").disabled = !mine;
      var history = $("history");
      history.textContent = "";
      view.messages.forEach(function (m) {
        var div = document.createElement("div");
        div.className = "msg " + m.role;
        var who = document.createElement("small");
        who.textContent = t(m.role) + (m.agent ? " · " + m.agent : "");
        div.appendChild(who);
        div.appendChild(document.createTextNode(m.text));
        history.appendChild(div);
      });
      history.scrollTop = history.scrollHeight;
    });
  }

  function act(path, body) {
    $("action-error").hidden = true;
    var id = selected;
    // Releasing or closing takes the conversation off the desk: deselect it before asking, so that the periodic
    // refresh does not fetch it in between (a 404 once it is gone); it is selected again if the action fails.
    var leaving = path === "/release" || path === "/close";
    if (leaving) { selected = null; }
    return api("POST", "/api/agent/conversations/" + encodeURIComponent(id) + path, body).then(function (r) {
      if (!r.ok) {
        $("action-error").textContent = r.status === 409 ? t("conflict") : t("error") + " (" + r.status + ")";
        $("action-error").hidden = false;
        if (leaving) { selected = id; }
      }
      if (r.ok && leaving) {
        // Off the desk: nothing left to show.
        $("open").hidden = true; $("none").hidden = false;
        return true;
      }
      loadConversation();
      return r.ok;
    });
  }

  $("login").addEventListener("submit", function (e) {
    e.preventDefault();
    api("POST", "/api/agent/session", { user: $("user").value, password: $("password").value }).then(function (r) {
      if (!r.ok) { $("login-error").hidden = false; return null; }
      $("login-error").hidden = true; $("password").value = "";
      return r.json();
    }).then(function (session) { if (session) { me = session.user; showDesk(session.name); } });
  });
  $("logout").addEventListener("click", function () { api("DELETE", "/api/agent/session").then(showLogin); });
  $("lang").addEventListener("click", function () { lang = lang === "fr" ? "ar" : "fr"; localStorage.setItem("agentLang", lang); applyLanguage(); });
  $("take").addEventListener("click", function () { act("/take"); });
  $("release").addEventListener("click", function () { act("/release"); });
  $("close").addEventListener("click", function () { act("/close"); });
  $("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text) { return; }
    act("/messages", { text: text }).then(function (ok) { if (ok) { $("reply").value = ""; } });
  });

  applyLanguage();
  // Already signed in (the cookie): straight to the desk.
  fetch("/api/agent/session", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
    .then(function (session) { if (session && session.signedIn) { me = session.user; showDesk(session.name); } else { showLogin(); } });
  refresh = setInterval(function () { if (selected && me) { loadConversation(); } }, 3000);
})();

/* Live meeting pages (participant phone, projector, console): one WebSocket, server-clock timers. */
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const page = root.dataset.page;
  const T = JSON.parse(document.getElementById("live-strings").textContent);
  const $ = (id) => document.getElementById(id);
  let ws = null, offset = 0, timer = { ends_at: null, paused_remaining_ms: null }, timeUpShown = false;
  let state = null, pollKey = "", retry = 0, nonceSeq = 0;
  const notes = new Map(), chat = new Map();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      // style through the CSSOM: a style attribute would be an inline style, which the CSP blocks
      if (k === "text") node.textContent = v; else if (k === "class") node.className = v;
      else if (k === "style") node.style.cssText = v; else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function feedback(text) { const f = $("feedback"); if (f) f.textContent = text; }
  function nonce() { nonceSeq += 1; return `${Date.now().toString(36)}-${nonceSeq}`; }
  function send(msg) {
    if (!ws || ws.readyState !== WebSocket.OPEN) { feedback(T.reconnecting); return null; }
    msg.nonce = nonce(); ws.send(JSON.stringify(msg)); return msg.nonce;
  }

  // Outbox: an answer stays here until its ack arrives. It is sent again, with the SAME nonce (the server
  // saves a nonce once), when the connection comes back and when no ack came within RESEND_MS (then 2×, 3×
  // that: a busy server is not flooded); after RECONNECT_AFTER sends without an ack, and nothing at all heard
  // from the server for SILENT_MS, the connection is assumed dead and reopened (a busy server that still sends
  // results is left alone). Kept in sessionStorage, so a reload does not lose it either. PROTOCOL.md.
  const RESEND_MS = 5000, RECONNECT_AFTER = 3, SILENT_MS = 15000;
  let heardAt = Date.now();
  const outboxKey = `live-outbox:${root.dataset.ws}`;
  const outbox = new Map();
  try { for (const [n, m] of JSON.parse(sessionStorage.getItem(outboxKey) || "[]")) outbox.set(n, { msg: m, sentAt: 0, tries: 0 }); } catch (e) { /* storage off: memory only */ }
  function saveOutbox() {
    try { sessionStorage.setItem(outboxKey, JSON.stringify([...outbox].map(([n, e]) => [n, e.msg]))); } catch (e) { /* memory only */ }
  }
  function transmit(entry) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    entry.sentAt = Date.now(); entry.tries += 1;
    ws.send(JSON.stringify(entry.msg));
  }
  // `replaces`: the poll keeps one answer per person (skala, humor, flerval, rangordning), so an older answer
  // still waiting in the outbox must not be resent after this one and overwrite it.
  function deliver(msg, replaces) {
    if (replaces) for (const [n, e] of outbox) if (e.msg.action === msg.action && e.msg.poll === msg.poll) outbox.delete(n);
    msg.nonce = nonce();
    const entry = { msg, sentAt: 0, tries: 0 };
    outbox.set(msg.nonce, entry); saveOutbox();
    feedback(T.sending);
    transmit(entry);
    return msg.nonce;
  }
  if (outbox.size) feedback(T.sending);  // answers given before a reload, still waiting for their ack
  function resendAll() { for (const entry of outbox.values()) { entry.tries = 0; transmit(entry); } }
  setInterval(() => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    for (const entry of outbox.values()) {
      if (Date.now() - entry.sentAt < RESEND_MS * Math.max(1, entry.tries)) continue;
      if (entry.tries >= RECONNECT_AFTER) {
        if (Date.now() - heardAt > SILENT_MS) { ws.close(); return; }  // onclose reconnects, onopen resends
        continue;
      }
      transmit(entry);
    }
  }, 1000);
  // ack or error for an answer in the outbox: true when it was one
  function settle(msg) {
    if (!outbox.delete(msg.nonce)) return false;
    saveOutbox();
    if (msg.type === "error") feedback(msg.message);
    else if (outbox.size === 0) feedback(T.sent);  // "Tack! Ditt svar är skickat."
    return true;
  }

  // Connection ------------------------------------------------------------------------------------
  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}${root.dataset.ws}`);
    $("connection").textContent = T.connecting;
    ws.onopen = () => { retry = 0; $("connection").textContent = T.connected; resendAll(); };
    ws.onmessage = (event) => { heardAt = Date.now(); handle(JSON.parse(event.data)); };
    ws.onclose = (event) => {
      if (event.code === 4403 && page === "participant") { showEnded(); return; }
      if (event.code === 4403) { $("connection").textContent = T.refused; return; }
      $("connection").textContent = T.reconnecting;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * retry + Math.random() * 500);
    };
  }
  function handle(msg) {
    // Other scripts on the page (static/livsmiljo/matrix_live.js) follow every message through this event.
    root.dispatchEvent(new CustomEvent("live:message", { detail: msg }));
    if (msg.type === "state") renderState(msg);
    else if (msg.type === "results") renderResults(msg);
    else if (msg.type === "board") renderBoard(msg);
    else if (msg.type === "chat") renderChat(msg);
    else if ((msg.type === "ack" || msg.type === "error") && settle(msg)) return;
    else if (msg.type === "ack") onAck(msg);
    else if (msg.type === "error") feedback(msg.message);
  }
  const pending = new Map();
  function onAck(msg) { const text = pending.get(msg.nonce); pending.delete(msg.nonce); if (text) feedback(text); }
  // …and send through this one: {detail: message with an optional `feedback` text shown on its ack}.
  root.addEventListener("live:send", (event) => {
    const { feedback: okText, ...message } = event.detail;
    const n = send(message);
    if (n && okText) pending.set(n, okText);
  });

  // Timer -----------------------------------------------------------------------------------------
  function remainingMs() {
    if (timer.ends_at) return Math.max(0, timer.ends_at - (Date.now() + offset));
    return timer.paused_remaining_ms;
  }
  function fmt(ms) {
    const s = Math.ceil(ms / 1000), m = Math.floor(s / 60);
    return `${m}:${String(s % 60).padStart(2, "0")}`;
  }
  function beep() {
    const box = $("sound");
    if (!box || !box.checked) return;
    try {
      const ctx = new AudioContext(), osc = ctx.createOscillator();
      osc.connect(ctx.destination); osc.frequency.value = 660; osc.start(); osc.stop(ctx.currentTime + 0.6);
    } catch (e) { /* no audio: the visual cue remains */ }
  }
  function tick() {
    const box = $("timer"), ms = remainingMs();
    if (!box) return;
    box.hidden = ms === null || ms === undefined;
    if (box.hidden) return;
    box.querySelector(".timer-value").textContent = ms === 0 ? T.time_up : fmt(ms);
    box.querySelector(".timer-label").textContent = timer.ends_at ? T.time_left : T.paused;
    box.classList.toggle("time-up", ms === 0);
    if (ms === 0 && timer.ends_at && !timeUpShown) { timeUpShown = true; $("timer-alert").textContent = T.time_up; beep(); }
  }
  setInterval(tick, 250);

  // State -----------------------------------------------------------------------------------------
  function paragraphs(text) {
    const box = document.createDocumentFragment();
    for (const line of (text || "").split("\n")) if (line.trim()) box.append(el("p", { text: line }));
    return box;
  }
  // Ended: the projector drops the code and QR for a thank-you, phones lose every form (they can no longer
  // write), the console hides what no longer works. The server renders the same on reload.
  function showEnded() {
    root.classList.add("ended");
    const ended = $("ended-view");
    if (ended) ended.hidden = false;
    for (const node of document.querySelectorAll("[data-hide-when-ended]")) node.hidden = true;
    const view = $("live-view");
    if (page === "participant") {
      if (view) view.remove();
      $("connection").hidden = true;
      if (ws) { ws.onclose = null; ws.close(); }
    } else if (view) view.hidden = true;
    const join = $("join-panel");
    if (join) join.hidden = true;
  }
  function renderState(msg) {
    if (msg.meeting.status === "ended") { showEnded(); if (page !== "console") return; }
    state = msg;
    offset = msg.timer.server_now - Date.now();
    if (msg.timer.ends_at !== timer.ends_at) timeUpShown = false;
    timer = msg.timer;
    const block = msg.block, ended = msg.meeting.status === "ended";
    $("block-kind").textContent = block ? `${block.kind_label} · ${T.block_of.replace("%(index)s", block.index).replace("%(count)s", block.count)}` : "";
    const title = $("block-title"), status = $("block-status");
    if (status) {  // the phone: a status paragraph until an item runs, the item's title as the heading
      status.textContent = ended ? T.ended : block ? "" : T.no_block;
      status.hidden = Boolean(block) && !ended;
      title.textContent = block && !ended ? block.title : "";
      title.hidden = !block || ended;
    } else title.textContent = ended ? T.ended : block ? block.title : T.no_block;
    const desc = $("block-description");
    if (desc) desc.replaceChildren(paragraphs(block ? block.description : ""));
    const step = $("step");
    step.hidden = !msg.step;
    if (msg.step) step.replaceChildren(el("h3", { text: `${T.step} ${msg.step.order}: ${msg.step.title}` }), el("p", { text: msg.step.instruction }));
    const gi = $("group-info");
    if (gi) { gi.hidden = !msg.group; if (msg.group) gi.textContent = `${msg.group.name}: ${msg.group.members.join(", ")}`; }
    renderPoll(msg.poll);
    tick();
  }

  // Polls -----------------------------------------------------------------------------------------
  function renderPoll(poll) {
    if (page !== "participant") {
      const section = $("poll-section");
      if (section) section.hidden = !poll;
      const q = $("poll-question");
      if (q) q.textContent = poll ? poll.question : T.no_poll;
      const key = poll ? String(poll.id) : "";
      if (key !== pollKey) { pollKey = key; $("poll-results").replaceChildren(); $("poll-total").textContent = "0"; }
      return;
    }
    // an edited question (text, kind or options) is redrawn too, not only a new one or a new status
    const key = poll ? JSON.stringify([poll.id, poll.status, poll.kind, poll.question, poll.options]) : "";
    if (key === pollKey) return;
    pollKey = key;
    const box = $("poll");
    if (!poll) { box.replaceChildren(el("p", { text: T.no_poll })); $("poll-results").replaceChildren(); return; }
    if (poll.status !== "open") { box.replaceChildren(el("p", { text: poll.question }), el("p", { text: T.poll_closed })); return; }
    box.replaceChildren(pollForm(poll));
  }
  function pollForm(poll) {
    const form = el("form", { class: "form poll-form" });
    const fs = el("fieldset", {}, el("legend", { text: poll.question }));
    form.append(fs);
    let value;
    if (["skala", "humor", "flerval"].includes(poll.kind)) {
      fs.classList.add(poll.kind === "skala" ? "scale-options" : "choice-options");
      poll.options.forEach((option, i) => {
        const id = `opt-${poll.id}-${i}`;
        fs.append(el("div", { class: "choice" }, el("input", { type: "radio", name: "value", id, value: option, required: "" }), el("label", { for: id, text: option })));
      });
      value = () => { const c = form.querySelector("input[name=value]:checked"); return c ? c.value : null; };
    } else if (poll.kind === "rangordning") {
      const list = el("ol", { class: "ranking" });
      fs.append(el("p", { text: T.rank_help }), list);
      const move = (li, dir) => { const other = dir < 0 ? li.previousElementSibling : li.nextElementSibling; if (other) { dir < 0 ? list.insertBefore(li, other) : list.insertBefore(other, li); li.querySelector("button").focus(); } };
      for (const option of poll.options) {
        const li = el("li", {}, el("span", { text: option }));
        const up = el("button", { type: "button", "aria-label": `${T.move_up}: ${option}`, text: "↑" });
        const down = el("button", { type: "button", "aria-label": `${T.move_down}: ${option}`, text: "↓" });
        up.onclick = () => move(li, -1); down.onclick = () => move(li, 1);
        li.append(up, down); list.append(li);
      }
      value = () => [...list.querySelectorAll("li > span")].map((s) => s.textContent);
    } else {
      const id = `answer-${poll.id}`;
      const input = poll.kind === "ordmoln" ? el("input", { id, maxlength: "60", required: "", autocomplete: "off" }) : el("textarea", { id, maxlength: "1000", rows: "3", required: "" });
      fs.append(el("label", { for: id, text: T.your_answer }), input);
      value = () => input.value.trim() || null;
    }
    form.append(el("button", { type: "submit", text: T.send }));
    form.onsubmit = (e) => {
      e.preventDefault();
      const v = value();
      if (v === null) return;
      // kept until acked, even while offline
      deliver({ action: "vote", poll: poll.id, value: v }, !["ordmoln", "fritext"].includes(poll.kind));
      const text = form.querySelector("input:not([type=radio]), textarea");
      if (text) text.value = "";
    };
    return form;
  }
  function renderResults(msg) {
    if (state && state.poll && msg.poll !== state.poll.id) return;
    const total = $("poll-total");
    if (total) total.textContent = msg.total;
    const box = $("poll-results");
    if (!box) return;
    if (msg.counts) {
      const top = Math.max(1, ...Object.values(msg.counts));
      box.replaceChildren(el("ul", { class: "bars" }, ...Object.entries(msg.counts).map(([option, n]) =>
        el("li", {}, el("span", { class: "bar-label", text: option }), el("span", { class: "bar", style: `width:${Math.round(70 * n / top)}%` }), el("span", { class: "bar-n", text: String(n) })))));
    } else if (msg.words) {
      const top = Math.max(1, ...msg.words.map((w) => w[1]));
      const cloud = el("p", { class: "cloud" }, ...msg.words.map(([w, n]) => el("span", { style: `font-size:${(1 + 2.2 * n / top).toFixed(2)}em`, title: `${n}`, text: w }), " "));
      box.replaceChildren(cloud);
      if (page === "console") box.append(answerList(msg.answers || []));
    } else if (msg.answers) {
      box.replaceChildren(page === "console" ? answerList(msg.answers) : el("ul", { class: "answers" }, ...msg.answers.slice(-40).map((a) => el("li", { text: a.text }))));
    }
  }
  function answerList(answers) {
    return el("ul", { class: "answers moderation" }, ...answers.map((a) => el("li", {}, el("span", { text: a.text }), hideButton("response_hide", a.id, a.text))));
  }

  // Board and chat --------------------------------------------------------------------------------
  function renderBoard(msg) {
    if (msg.replace) notes.clear();
    for (const n of msg.notes) { if (n.hidden) notes.delete(n.id); else notes.set(n.id, n); }
    const section = $("board-section");
    if (section) section.hidden = notes.size === 0;
    const box = $("board");
    if (!box) return;
    if (page === "participant") {
      box.replaceChildren(...[...notes.values()].map((n) => {
        const li = el("li", { class: "note" }, el("span", { text: n.text }));
        if (n.group_name) li.prepend(el("span", { class: "note-group", text: `${n.group_name}: ` }));
        const btn = el("button", { type: "button", class: "vote" , text: `${T.vote} (${n.votes})`, "aria-label": `${T.vote}: ${n.text} (${n.votes} ${T.votes})` });
        btn.onclick = () => { const k = send({ action: "note_vote", note: n.id }); if (k) pending.set(k, T.voted); };
        li.append(" ", btn);
        return li;
      }));
      return;
    }
    const columns = new Map();
    for (const n of notes.values()) {
      const key = n.group_name || T.plenary;
      if (!columns.has(key)) columns.set(key, []);
      columns.get(key).push(n);
    }
    box.replaceChildren(...[...columns.entries()].map(([name, list]) => el("div", { class: "board-column" }, el("h3", { text: name }),
      el("ul", {}, ...list.sort((a, b) => b.votes - a.votes).map((n) => el("li", { class: "note" }, el("span", { text: n.text }), el("span", { class: "votes", text: ` ${n.votes} ${T.votes}` }), page === "console" ? hideButton("note_hide", n.id, n.text) : null))))));
  }
  function renderChat(msg) {
    if (msg.replace) chat.clear();
    for (const m of msg.messages) { if (m.hidden) chat.delete(m.id); else chat.set(m.id, m); }
    const box = $("chat");
    if (!box) return;
    box.replaceChildren(...[...chat.values()].slice(-100).map((m) => el("li", {}, el("strong", { text: m.author ? `${m.author}: ` : "" }), el("span", { text: m.text }), page === "console" ? hideButton("chat_hide", m.id, m.text) : null)));
  }
  function hideButton(action, id, text) {
    const btn = el("button", { type: "button", class: "link hide", text: T.hide, "aria-label": `${T.hide}: ${text}` });
    btn.onclick = () => consoleAction({ action, id });
    return btn;
  }
  function csrf() {
    const h = document.body.getAttribute("hx-headers");
    try { return JSON.parse(h)["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function consoleAction(fields) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    fetch(root.dataset.actionUrl, { method: "POST", body, headers: { "X-CSRFToken": csrf(), "HX-Request": "true" } })
      .then((r) => r.text()).then((html) => { const panel = $("console-panel"); if (panel && window.htmx) { panel.innerHTML = html; htmx.process(panel); } });
  }

  // Forms -----------------------------------------------------------------------------------------
  function bindText(formId, inputId, action, okText) {
    const form = $(formId);
    if (!form) return;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const input = $(inputId), text = input.value.trim();
      if (!text) return;
      const n = send({ action, text });
      if (n) { pending.set(n, okText); input.value = ""; }
    });
  }
  bindText("note-form", "note-text", "note", T.note_sent);
  bindText("chat-form", "chat-text", "chat", T.chat_sent);
  if (!root.dataset.ended) connect();
})();

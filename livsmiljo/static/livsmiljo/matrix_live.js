/* Scoring a matrix live (workshops' live pages): the phone's one pair at a time, the projector's heatmap,
   the console's progress per pair. Messages arrive from live.js as "live:message" events on #live; a phone
   sends through a "live:send" event (PROTOCOL.md, "Scoring a matrix"). */
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_m, key) => String(values[key]));
  let current = null, blockIsMatrix = false;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v; else if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function send(message) { root.dispatchEvent(new CustomEvent("live:send", { detail: message })); }
  function signed(value) {
    const rounded = Math.round(value * 10) / 10;
    return (rounded > 0 ? "+" : rounded < 0 ? "−" : "") + String(Math.abs(rounded)).replace(".", ",");
  }
  function heatClass(median) { return `matrix-v${Math.max(-3, Math.min(3, Math.trunc(median))) + 3}`; } // the matrix pages' colours (site.css)

  // The phone -------------------------------------------------------------------------------------
  const phone = $("matrix-live");
  function showPhone(on) { if (phone) phone.hidden = !on; }
  function renderPair(msg) {
    if (!phone) return;
    current = msg;
    showPhone(blockIsMatrix);
    $("matrix-progress").textContent = fill(phone.dataset.progress, msg) + (msg.group ? ` · ${msg.group}` : "");
    const form = $("matrix-form"), done = !msg.source;
    form.hidden = done;
    $("matrix-done").hidden = !done;
    if (done) return;
    $("matrix-question").textContent = fill(phone.dataset.question, { a: msg.source.name, b: msg.target.name });
    const goals = $("matrix-goals");
    goals.replaceChildren(...[msg.source, msg.target].filter((g) => g.description).map((g) =>
      el("p", { class: "mlive-goal" }, el("strong", { text: `${g.name}: ` }), g.description)));
    form.reset();
  }
  if (phone) {
    $("matrix-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const checked = phone.querySelector("input[name=value]:checked");
      if (!current || !current.source || !checked) return;
      send({ action: "matrix.score", source: current.source.id, target: current.target.id,
        value: Number(checked.value), reason: $("matrix-reason").value.trim(), feedback: phone.dataset.sent });
    });
    $("matrix-skip").addEventListener("click", () => {
      if (!current || !current.source) return;
      send({ action: "matrix.skip", source: current.source.id, target: current.target.id, feedback: phone.dataset.skipped });
    });
  }

  // Projector and console -------------------------------------------------------------------------
  function grid(msg, box, cellContent, caption) {
    const byPair = new Map(msg.cells.map((c) => [`${c.source}-${c.target}`, c]));
    const head = el("tr", {}, el("th", { scope: "col", text: box.dataset.corner }), ...msg.goals.map((g) => el("th", { scope: "col", text: g.name })));
    const rows = msg.goals.map((s) => el("tr", {}, el("th", { scope: "row", text: s.name }), ...msg.goals.map((t) => {
      if (s.id === t.id) return el("td", { class: "mlive-diagonal" }, el("span", { "aria-hidden": "true", text: "■" }), el("span", { class: "sr-only", text: box.dataset.same }));
      return cellContent(byPair.get(`${s.id}-${t.id}`));
    })));
    return el("table", { class: "mlive-table" }, el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, ...rows));
  }
  const screen = $("matrix-heatmap-section");
  function renderHeatmap(msg) {
    if (!screen) return;
    screen.hidden = !blockIsMatrix;
    $("matrix-heatmap-title").textContent = msg.title;
    $("matrix-heatmap-progress").textContent = fill(screen.dataset.progress, msg);
    $("matrix-heatmap").replaceChildren(grid(msg, screen, (c) => {
      if (!c || !c.count) return el("td", { class: "mlive-missing" }, "–", el("span", { class: "sr-only", text: ` ${screen.dataset.missing}` }));
      return el("td", { class: `mlive-cell ${heatClass(c.median)}` }, el("span", { class: "mlive-median", text: signed(c.median) }), " ",
        el("span", { class: "mlive-count", text: `(${c.count})` }, el("span", { class: "sr-only", text: ` ${screen.dataset.count}` })));
    }, screen.dataset.caption));
  }
  const console_ = $("matrix-console");
  function renderProgress(msg) {
    if (!console_) return;
    console_.hidden = !blockIsMatrix;
    $("matrix-console-heading").textContent = msg.title;
    $("matrix-console-progress").textContent = fill(console_.dataset.progress, msg);
    $("matrix-console-disagreements").textContent = msg.disagreements ? fill(console_.dataset.disagreements, { n: msg.disagreements }) : "";
    const link = $("matrix-console-link");
    link.hidden = !msg.url;
    if (msg.url) link.href = msg.url;
    $("matrix-console-grid").replaceChildren(grid(msg, console_, (c) => {
      const n = c ? c.count : 0;
      const td = el("td", { class: n ? "mlive-counted" : "mlive-missing", text: String(n) });
      if (c && c.disagreement) td.append(" ", el("span", { class: "mlive-flag", "aria-hidden": "true", text: "!" }), el("span", { class: "sr-only", text: ` ${console_.dataset.disagreement}` }));
      return td;
    }, console_.dataset.caption));
  }

  root.addEventListener("live:message", (event) => {
    const msg = event.detail;
    if (msg.type === "state") {
      blockIsMatrix = !!msg.block && msg.block.kind === "matris" && msg.meeting.status !== "ended";
      if (!blockIsMatrix) { // leaving the block or ending the meeting: phones stop offering pairs
        showPhone(false); current = null;
        if (screen) screen.hidden = true;
        if (console_) console_.hidden = true;
      }
    } else if (msg.type === "matrix.pair") renderPair(msg);
    else if (msg.type === "matrix.heatmap") { renderHeatmap(msg); renderProgress(msg); }
  });
})();

/* The phone's "Spara mitt svar på min sida i nätverket" (issue 15): the tick shows at a check-in's text
   question and during a group dialogue; when ticked, the answer is also posted to the person's page as
   live.js sends it to the meeting. Unticked, nothing is posted. Each answer needs its own tick. */
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const boxes = Array.from(document.querySelectorAll("[data-network-consent]"));
  if (!boxes.length) return;
  const TEXT_POLLS = ["fritext", "ordmoln"];
  const POLL_BLOCKS = ["incheckning", "utcheckning"];
  let state = null;
  const box = (where) => boxes.find((b) => b.dataset.networkConsent === where);
  const tick = (b) => b.querySelector("input[type=checkbox]");

  function applies(where) {
    const block = state && state.block, poll = state && state.poll;
    if (!block || state.meeting.status === "ended") return false;
    if (where === "poll") {
      return Boolean(poll && poll.status === "open" && POLL_BLOCKS.includes(block.kind) && TEXT_POLLS.includes(poll.kind));
    }
    return block.kind === "gruppdialog";
  }
  function key(where) {
    if (!state) return "";
    if (where === "poll") return state.poll ? `poll-${state.poll.id}` : "";
    return `${state.block ? state.block.id : ""}-${state.step ? state.step.id : ""}`;
  }
  function render() {
    for (const b of boxes) {
      const where = b.dataset.networkConsent, visible = applies(where), k = key(where);
      b.hidden = !visible;
      const t = tick(b);
      // a new question or step starts unticked: consent is given for one answer at a time
      if (t && (!visible || b.dataset.key !== k)) t.checked = false;
      if (b.dataset.key !== k) status(b, "");
      b.dataset.key = k;
    }
  }
  root.addEventListener("live:message", (event) => {
    if (event.detail.type === "state") { state = event.detail; render(); placePollBox(); }
  });
  // live.js redraws the question's form inside #poll; the tick belongs in it, just above "Skicka".
  const pollBox = box("poll"), pollArea = document.getElementById("poll");
  function placePollBox() {
    if (!pollBox || !pollArea) return;
    const form = pollArea.querySelector("form.poll-form");
    const button = form && form.querySelector("button[type=submit]");
    if (button && applies("poll")) { if (pollBox.nextElementSibling !== button) form.insertBefore(pollBox, button); }
    else if (pollBox.previousElementSibling !== pollArea) pollArea.after(pollBox);
  }
  if (pollBox && pollArea) new MutationObserver(placePollBox).observe(pollArea, { childList: true });

  function status(b, text) { const s = b.querySelector("[data-network-status]"); if (s) s.textContent = text; }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function save(b, fields) {
    const body = new FormData();
    body.append("consent", "1");
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    status(b, b.dataset.saving);
    fetch(b.dataset.saveUrl, { method: "POST", body, credentials: "same-origin", headers: { "X-CSRFToken": csrf() } })
      .then((r) => r.json())
      .then((data) => status(b, data.message || b.dataset.failed))
      .catch(() => status(b, b.dataset.failed));
  }
  // The capture phase runs before live.js sends the answer and empties the field.
  root.addEventListener("submit", (event) => {
    const form = event.target;
    let b = null, fields = null;
    if (form.classList.contains("poll-form") && state && state.poll) {
      const input = form.querySelector("input:not([type=radio]):not([type=checkbox]), textarea");
      b = box("poll");
      fields = { text: input ? input.value.trim() : "", poll: String(state.poll.id) };
    } else if (form.id === "note-form") {
      const input = document.getElementById("note-text");
      b = box("note");
      fields = { text: input ? input.value.trim() : "" };
    }
    if (!b || b.hidden || !fields.text) return;
    const t = tick(b);
    if (!t || !t.checked) return;
    t.checked = false;
    save(b, fields);
  }, true);
})();

// Compute Register console: plain JS against the API's wire contract. The API key lives in sessionStorage (this tab
// only) and goes out as "Authorization: Bearer"; the WebSocket carries it as a subprotocol (browsers cannot set
// headers there). Everything shown is set with textContent: nothing from the API is parsed as HTML.
"use strict";

const KEY_STORE = "compute.apiKey";
const $ = (sel) => document.querySelector(sel);
const state = { key: sessionStorage.getItem(KEY_STORE) || "", socket: null, lastSeq: null, health: {}, retry: null };

const EVENT_NAMES = {
  "allocation.created": "allocated",
  "allocation.deallocated": "deallocated",
  "allocation.paused": "paused",
  "allocation.unpaused": "unpaused",
  "allocation.restarted": "restarted",
  "allocation.key_exchanged": "key exchanged",
  "allocation.extended": "extended",
};

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function short(hotkey) {
  return hotkey && hotkey.length > 14 ? hotkey.slice(0, 6) + "…" + hotkey.slice(-6) : hotkey || "";
}

function notice(text) {
  const n = $("#notice");
  n.textContent = text || "";
  n.hidden = !text;
}

async function api(path, body, method) {
  const headers = { Authorization: "Bearer " + state.key };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method: method || "POST", headers,
    body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 401) throw new Error("the API key was refused (401): check it");
  return { status: response.status, json };
}

function fillRows(tbody, rows, emptyText, columns) {
  tbody.replaceChildren();
  if (rows.length === 0) tbody.append(el("tr", { class: "empty" }, el("td", { colspan: columns, text: emptyText })));
  for (const r of rows) tbody.append(r);
}

async function loadMiners() {
  const { json } = await api("/list/resources_sql");
  const items = (json && json.success && json.data && json.data.page_items) || [];
  const rows = items.map((m) => {
    const health = state.health[m.hotkey];
    const healthCell = el("td", { class: health ? health.cls : "", text: health ? health.text : "…" });
    const gpu = m.gpu_count > 0 ? m.gpu_count + " × " + m.gpu_name : "none";
    return el("tr", { "data-hotkey": m.hotkey },
      el("td", { class: "hk", title: m.hotkey, text: short(m.hotkey) }),
      el("td", { class: "num", text: String(m.cpu_count) }),
      el("td", { class: "num", text: String(m.ram) }),
      el("td", { class: "num", text: String(m.hard_disk) }),
      el("td", { text: gpu }),
      // Where the figures came from: the miner's own Specs answer, its W&B run or a validator's database.
      el("td", { class: "specs-source", title: m.specs_reported_at ? "reported " + m.specs_reported_at : "",
        text: m.specs_source || "" }),
      el("td", { class: m.allocate_status === "available" ? "ok" : "warn", text: m.allocate_status }),
      healthCell);
  });
  fillRows($("#miners tbody"), rows, json && json.success ? "No miners discovered yet." : "Cannot list miners.", 8);
  return items.map((m) => m.hotkey);
}

// check_miner_status probes each miner through the API: "Docker ONLINE" (a container runs), "Docker OFFLINE" (free),
// "Miner NO_RESPONSE", "Not Found".
async function loadHealth(hotkeys) {
  if (hotkeys.length === 0) return;
  const { json } = await api("/service/check_miner_status", hotkeys);
  for (const item of (json && json.data) || []) {
    const s = item.status || "";
    state.health[item.hotkey] = s === "Docker ONLINE" || s === "Docker OFFLINE" ? { text: "online", cls: "ok" }
      : s === "Miner NO_RESPONSE" ? { text: "no response", cls: "bad" } : { text: s || "unknown", cls: "warn" };
  }
  for (const row of document.querySelectorAll("#miners tbody tr[data-hotkey]")) {
    const h = state.health[row.dataset.hotkey];
    if (h) { row.lastChild.textContent = h.text; row.lastChild.className = h.cls; }
  }
}

async function loadAllocations() {
  const { json } = await api("/list/allocations_sql");
  const items = (json && json.success && json.data) || [];
  const rows = items.map((a) => {
    const ssh = a.ssh_command || ("ssh " + a.ssh_username + "@" + a.ssh_ip + " -p " + a.ssh_port);
    const health = state.health[a.hotkey];
    const status = health ? (health.cls === "ok" ? "running" : health.text) : "active";
    const button = el("button", { type: "button", class: "danger", text: "Deallocate" });
    button.addEventListener("click", () => deallocate(a, button));
    const logs = el("button", { type: "button", class: "secondary small logs", text: "Logs" });
    logs.addEventListener("click", () => showLogs(a));
    const extend = el("button", { type: "button", class: "secondary small extend", text: "+1 day" });
    extend.addEventListener("click", () => extendLease(a, extend));
    return el("tr", { "data-uuid": a.uuid_key },
      el("td", { class: "hk", title: a.uuid_key, text: a.uuid_key.slice(0, 8) }),
      el("td", { class: "hk", title: a.hotkey, text: short(a.hotkey) }),
      el("td", { class: status === "running" || status === "active" ? "ok" : "warn", text: status }),
      el("td", {}, el("code", { class: "ssh-command", text: ssh }),
        // Ours: each extra container port and the host port it is published on.
        ...Object.entries(a.ports || {}).map(([c, h]) => el("div", { class: "ports", text: c + " → " + h }))),
      el("td", {}, logs, " ", extend, " ", button));
  });
  fillRows($("#allocations tbody"), rows, "None yet.", 5);
}

async function refresh() {
  if (!state.key) return;
  try {
    notice("");
    const hotkeys = await loadMiners();
    await loadAllocations();
    await loadHealth(hotkeys);
    await loadAllocations();
    await loadUsage();
  } catch (e) {
    notice(e.message);
  }
}

function requirements() {
  const f = $("#allocate-form").elements;
  const num = (name) => Number(f[name].value || 0);
  const body = {
    requirements: { cpu_count: num("cpu_count"), gpu_type: f.gpu_type.value.trim(), gpu_size: num("gpu_size"),
                    ram: num("ram"), hard_disk: num("hard_disk"), timeline: num("timeline") },
    docker_requirement: { ssh_key: f.ssh_key.value.trim() },
  };
  // Ours, for our miners: how many GPUs, container ports to publish besides SSH, where the volume is mounted.
  if (f.gpu_count.value) body.requirements.gpu_count = num("gpu_count");
  const ports = f.ports.value.split(/[\s,]+/).filter((p) => p !== "").map(Number);
  if (ports.length > 0) body.docker_requirement.ports = ports;
  if (f.volume_path.value.trim()) body.docker_requirement.volume_path = f.volume_path.value.trim();
  if (f.base_image.value.trim()) body.docker_requirement.base_image = f.base_image.value.trim();
  return body;
}

function showResult(kind, title, pairs) {
  const box = $("#result");
  box.hidden = false;
  box.className = "result " + kind;
  const dl = el("dl");
  for (const [k, v] of pairs) dl.append(el("dt", { text: k }), el("dd", { text: v }));
  box.replaceChildren(el("strong", { text: title }), dl);
}

function errorText(json, status) {
  if (!json) return "HTTP " + status;
  const detail = json.err_detail || json.detail;
  return (json.message || "HTTP " + status) + (detail ? ": " + (typeof detail === "string" ? detail : JSON.stringify(detail)) : "");
}

async function dryRun() {
  const button = $("#dry-run");
  button.disabled = true;
  try {
    const { status, json } = await api("/service/allocate_spec?dry_run=true", requirements());
    if (!json || !json.success) { showResult("bad", "Dry run failed", [["error", errorText(json, status)]]); return; }
    const r = json.data;
    const pairs = [["summary", r.summary || ""], ["evaluated", String(r.evaluated)], ["fit", String(r.feasible)]];
    for (const [reason, n] of Object.entries(r.filtered_by_reason || {})) pairs.push(["filtered: " + reason, String(n)]);
    (r.top || []).forEach((m, i) => pairs.push(["#" + (i + 1), short(m.hotkey) + "  score " + Number(m.score).toFixed(3)
      + (m.specs_source ? "  specs from " + m.specs_source + (m.specs_reported_at ? " at " + m.specs_reported_at : "") : "")]));
    showResult(r.feasible > 0 ? "ok" : "bad", "Dry run: " + r.feasible + " of " + r.evaluated + " miners fit", pairs);
  } catch (e) {
    notice(e.message);
  } finally {
    button.disabled = false;
  }
}

async function allocate(event) {
  event.preventDefault();
  const button = $("#allocate");
  button.disabled = true;
  button.textContent = "Allocating…";
  try {
    const { status, json } = await api("/service/allocate_spec", requirements());
    if (!json || !json.success) { showResult("bad", "Allocation failed", [["error", errorText(json, status)]]); return; }
    const a = json.data;
    showResult("ok", "Allocated on " + short(a.hotkey), [
      ["ssh", a.ssh_command], ["password", a.ssh_password + "  (shown once)"], ["uuid", a.uuid_key]]);
    await refresh();
  } catch (e) {
    notice(e.message);
  } finally {
    button.disabled = false;
    button.textContent = "Allocate";
  }
}

// The container's recent output, fetched from its miner (our miners; an original miner answers 409).
async function showLogs(a) {
  try {
    const { status, json } = await api("/allocations/" + encodeURIComponent(a.uuid_key) + "/logs?tail=200",
      undefined, "GET");
    if (!json || !json.success) { showResult("bad", "Logs unavailable", [["error", errorText(json, status)]]); return; }
    showResult("ok", "Logs of " + a.uuid_key.slice(0, 8), [["output", json.data.logs || "(no output)"]]);
  } catch (e) {
    notice(e.message);
  }
}

async function extendLease(a, button) {
  button.disabled = true;
  try {
    const { status, json } = await api("/allocations/" + encodeURIComponent(a.uuid_key) + "/extend", { days: 1 });
    if (!json || !json.success) { showResult("bad", "Extension failed", [["error", errorText(json, status)]]); return; }
    showResult("ok", "Lease extended", [["allocation", a.uuid_key], ["expires at", json.data.expires_at]]);
  } catch (e) {
    notice(e.message);
  } finally {
    button.disabled = false;
  }
}

async function loadUsage() {
  const { json } = await api("/usage", undefined, "GET");
  const items = (json && json.success && json.data && json.data.usage) || [];
  const rows = items.map((u) => el("tr", {},
    el("td", { text: u.tenant }), el("td", { class: "num", text: String(u.allocations) }),
    el("td", { class: "num", text: String(u.gpu_hours) }), el("td", { class: "num", text: String(u.core_hours) })));
  fillRows($("#usage tbody"), rows, json && json.success ? "Nothing used this month." : "Cannot load usage.", 4);
}

async function deallocate(a, button) {
  button.disabled = true;
  try {
    const q = "?hotkey=" + encodeURIComponent(a.hotkey) + "&uuid_key=" + encodeURIComponent(a.uuid_key);
    const { status, json } = await api("/service/deallocate" + q);
    if (!json || !json.success) notice("Deallocation failed: " + errorText(json, status));
    await refresh();
  } catch (e) {
    notice(e.message);
  }
}

function addEvent(payload) {
  const list = $("#events");
  const empty = list.querySelector(".empty");
  if (empty) empty.remove();
  const name = EVENT_NAMES[payload.event] || payload.event;
  const time = payload.time ? new Date(payload.time).toLocaleTimeString() : "";
  const data = payload.data || {};
  const miner = data.hotkey || data.miner_hotkey || "";
  list.prepend(el("li", { class: "event", "data-event": payload.event },
    el("span", { class: "time", text: time }),
    el("span", { class: "name", text: name }),
    el("span", { class: "hk", text: (payload.allocation_uuid || "").slice(0, 8) + (miner ? " on " + short(miner) : "") })));
  while (list.children.length > 100) list.lastChild.remove();
}

function connect() {
  if (state.socket) { state.socket.onclose = null; state.socket.close(); state.socket = null; }
  clearTimeout(state.retry);
  if (!state.key) return;
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const since = state.lastSeq == null ? "" : "?since=" + state.lastSeq;
  let socket;
  try {
    socket = new WebSocket(scheme + location.host + "/connect" + since, ["compute.bearer", state.key]);
  } catch (e) {
    notice("WebSocket: " + e.message);
    return;
  }
  state.socket = socket;
  const live = $("#live");
  socket.onopen = () => { live.textContent = "events: live"; live.className = "pill on"; };
  socket.onmessage = (message) => {
    let frame;
    try { frame = JSON.parse(message.data); } catch (e) { return; }
    if (frame.type !== "event" || !frame.payload) return;
    if (frame.payload.seq != null) state.lastSeq = frame.payload.seq;
    addEvent(frame.payload);
    refresh();
  };
  socket.onclose = () => {
    live.textContent = "events: reconnecting";
    live.className = "pill off";
    state.retry = setTimeout(connect, 3000); // ?since= replays what was missed
  };
}

function useKey(key) {
  state.key = key.trim();
  if (state.key) sessionStorage.setItem(KEY_STORE, state.key); else sessionStorage.removeItem(KEY_STORE);
  state.lastSeq = null;
  connect();
  refresh();
}

$("#key-form").addEventListener("submit", (e) => { e.preventDefault(); useKey($("#api-key").value); });
$("#forget-key").addEventListener("click", () => {
  $("#api-key").value = "";
  useKey("");
  const live = $("#live");
  live.textContent = "events: off";
  live.className = "pill off";
});
$("#refresh").addEventListener("click", refresh);
$("#usage-refresh").addEventListener("click", () => loadUsage().catch((e) => notice(e.message)));
$("#dry-run").addEventListener("click", dryRun);
$("#allocate-form").addEventListener("submit", allocate);
if (state.key) { $("#api-key").value = state.key; useKey(state.key); }

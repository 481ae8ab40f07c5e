// The only caller of fetch. Talks JSON to /api/v1, adds the bearer token, and turns error
// bodies {"error":{"code","message","details"}} into ApiError objects whose message is the
// localised text for the code (or the server's message when there is no such key).
// A 401 on an authenticated call ends the session and returns to the login screen.
import { t, has } from "./i18n/index.js";
import { currentToken, endSession } from "./session.js";

const BASE = "/api/v1";

function localise(code, details, serverMessage, status) {
  if (code && has(code)) return t(code, details ?? {});
  if (serverMessage) return serverMessage;
  return t("error.unknown", { status });
}

/** An error answer from the API (or a network failure, status 0, code "error.network"). */
export class ApiError extends Error {
  constructor({ status, code, serverMessage, details }) {
    super(localise(code, details, serverMessage, status));
    this.name = "ApiError";
    this.status = status;
    this.code = code ?? null;
    this.serverMessage = serverMessage ?? null;
    this.details = details ?? {};
  }

  /** The message again, in the language chosen now. */
  localisedMessage() {
    return localise(this.code, this.details, this.serverMessage, this.status);
  }
}

/** The user-facing text for any error, in the current language. */
export function errorText(error) {
  if (error instanceof ApiError) return error.localisedMessage();
  return error?.message ?? String(error);
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Sends one request. `auth: false` sends no token and keeps a 401 from ending the session
 * (the login call). `signal` aborts it. Resolves to the parsed JSON body, or null for 204.
 * `raw` (a Blob or File) is sent as the body with `rawType`; `asBlob` resolves to { blob, sha256 }.
 */
export async function request(method, path, { body, raw, rawType, asBlob = false, signal, auth = true } = {}) {
  const headers = { Accept: asBlob ? "*/*" : "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (raw !== undefined) headers["Content-Type"] = rawType || "application/octet-stream";
  const token = auth ? currentToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;

  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, signal, cache: "no-store", credentials: "same-origin",
      body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new ApiError({ status: 0, code: "error.network" });
  }

  if (response.ok && asBlob) {
    return { blob: await response.blob(), sha256: response.headers.get("X-Content-SHA256") };
  }
  const payload = await readBody(response);
  if (response.ok) return payload;

  const detail = payload?.error ?? {};
  const error = new ApiError({
    status: response.status, code: detail.code, serverMessage: detail.message, details: detail.details,
  });
  if (response.status === 401 && auth) {
    endSession("session.expired");
    window.location.hash = "#/login";
  }
  throw error;
}

/** POST /auth/login → { token, expires_at, user }. */
export function login({ username, password, totp }) {
  const body = { username, password };
  if (totp) body.totp = totp;
  return request("POST", "/auth/login", { body, auth: false });
}

/** POST /auth/logout (204). */
export function logout() {
  return request("POST", "/auth/logout");
}

/** GET /me → the signed-in user. */
export function me(options) {
  return request("GET", "/me", options);
}

/** GET /overview → counts, cases by status, recent imports and activity, audit status. */
export function overview(options) {
  return request("GET", "/overview", options);
}

/** GET /health → { status, version, schema_version } (no token needed). */
export function health(options) {
  return request("GET", "/health", { ...options, auth: false });
}

/** GET /findings → { counts: { kind: n } } within the caller's jurisdiction. */
export function findingCounts(options) {
  return request("GET", "/findings", options);
}

/** GET /findings/{kind}?page&per_page → { items, page, per_page, has_more, masked }. */
export function findings(kind, { page = 1, perPage = 50, ...options } = {}) {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return request("GET", `/findings/${encodeURIComponent(kind)}?${query}`, options);
}

/** GET /warnings?level&status&open&page&per_page → { items, page, per_page, has_more, masked, counts }. */
export function warnings({ page = 1, perPage = 50, level, status, open, ...options } = {}) {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  if (level) query.set("level", level);
  if (status) query.set("status", status);
  if (open) query.set("open", "true");
  return request("GET", `/warnings?${query}`, options);
}

/** GET /warnings/{id} → { warning, events, dispatches, next, location_needed, units }. */
export function warning(id, options) {
  return request("GET", `/warnings/${encodeURIComponent(id)}`, options);
}

/** POST /warnings/{id}/status { to, note } → the warning. */
export function moveWarning(id, to, note) {
  return request("POST", `/warnings/${encodeURIComponent(id)}/status`, { body: note ? { to, note } : { to } });
}

/** POST /warnings/{id}/dispatch { unit_ids, note } → { dispatches }. */
export function dispatchUnits(id, unitIDs, note) {
  const body = { unit_ids: unitIDs };
  if (note) body.note = note;
  return request("POST", `/warnings/${encodeURIComponent(id)}/dispatch`, { body });
}

/** POST /dispatches/{id} { to, result?, note? } → the dispatch. */
export function reportDispatch(id, to, result, note) {
  const body = { to };
  if (result) body.result = result;
  if (note) body.note = note;
  return request("POST", `/dispatches/${encodeURIComponent(id)}`, { body });
}

/** GET /records/cases?page&per_page → the case register (imported and opened here). */
export function caseRegister({ page = 1, perPage = 50, ...options } = {}) {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return request("GET", `/records/cases?${query}`, options);
}

/** GET /cases/{case_no} → { case, thresholds, events, evidence, transfers, masked }. */
export function caseDetail(caseNo, options) {
  return request("GET", `/cases/${encodeURIComponent(caseNo)}`, options);
}

/** POST /warnings/{id}/case { kind, summary, sticks?, value_yuan? } → the case detail. */
export function openCase(warningID, fields) {
  return request("POST", `/warnings/${encodeURIComponent(warningID)}/case`, { body: fields });
}

/** POST /cases/{case_no}/status { to, note } → the case detail. */
export function moveCase(caseNo, to, note) {
  return request("POST", `/cases/${encodeURIComponent(caseNo)}/status`, { body: note ? { to, note } : { to } });
}

/** POST /cases/{case_no}/evidence?kind&filename&description with the file as the body → the item. */
export function uploadEvidence(caseNo, file, kind, description) {
  const query = new URLSearchParams({ kind, filename: file.name });
  if (description) query.set("description", description);
  return request("POST", `/cases/${encodeURIComponent(caseNo)}/evidence?${query}`, { raw: file, rawType: file.type });
}

/** GET /evidence/{id}?purpose → { blob, sha256 } (the read is recorded on the chain of custody). */
export function downloadEvidence(id, purpose) {
  return request("GET", `/evidence/${encodeURIComponent(id)}?${new URLSearchParams({ purpose })}`, { asBlob: true });
}

/**
 * POST /warnings/{id}/evidence?kind&filename&description&dispatch&lat&lon with the file as the body →
 * the field evidence item (taken on site before a case exists; carried into the case later).
 */
export function uploadFieldEvidence(warningId, file, { kind = "photo", description, dispatch, position } = {}) {
  const query = new URLSearchParams({ kind, filename: file.name || "photo.jpg" });
  if (description) query.set("description", description);
  if (dispatch) query.set("dispatch", String(dispatch));
  if (position) {
    query.set("lat", String(position.lat));
    query.set("lon", String(position.lon));
  }
  return request("POST", `/warnings/${encodeURIComponent(warningId)}/evidence?${query}`, { raw: file, rawType: file.type });
}

/** GET /field-evidence/{id}?purpose → { blob, sha256 } (the read is recorded on the warning's timeline). */
export function downloadFieldEvidence(id, purpose) {
  return request("GET", `/field-evidence/${encodeURIComponent(id)}?${new URLSearchParams({ purpose })}`, { asBlob: true });
}

/** POST /cases/{case_no}/transfers { to_department, to_adcode?, reason } → the transfer. */
export function requestTransfer(caseNo, fields) {
  return request("POST", `/cases/${encodeURIComponent(caseNo)}/transfers`, { body: fields });
}

/** GET /transfers → { items } waiting for the caller's department. */
export function incomingTransfers(options) {
  return request("GET", "/transfers", options);
}

/** POST /transfers/{id} { decision: "accept" | "return", note? } → the transfer. */
export function decideTransfer(id, decision, note) {
  return request("POST", `/transfers/${encodeURIComponent(id)}`, { body: note ? { decision, note } : { decision } });
}

/** POST /public/tips (no account) → { receipt, status }. */
export function submitTip(fields) {
  return request("POST", "/public/tips", { body: fields, auth: false });
}

/** POST /public/tips/follow-up { receipt } → { status, received_at, messages, reward }. */
export function followTip(receipt) {
  return request("POST", "/public/tips/follow-up", { body: { receipt }, auth: false });
}

/** POST /public/tips/messages { receipt, body } → the follow-up. */
export function replyTip(receipt, body) {
  return request("POST", "/public/tips/messages", { body: { receipt, body }, auth: false });
}

/** GET /units → { items } with position, department, status and availability. */
export function units(options) {
  return request("GET", "/units", options);
}

/** A JSON file shipped with the web app (the map outlines), cached by the browser. */
export async function appFile(path) {
  let response;
  try {
    response = await fetch(path, { cache: "force-cache", credentials: "same-origin" });
  } catch {
    throw new ApiError({ status: 0, code: "error.network" });
  }
  if (!response.ok) throw new ApiError({ status: response.status, code: null, serverMessage: `${path}: HTTP ${response.status}` });
  return response.json();
}

/** GET /warnings/feedback → { by_level, by_rule, by_month } of { group, confirmed, dismissed, open, precision }. */
export function warningFeedback(options) {
  return request("GET", "/warnings/feedback", options);
}

/** GET /records/tips?page&per_page → the tip-offs, newest first. */
export function tipRecords({ page = 1, perPage = 50, ...options } = {}) {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return request("GET", `/records/tips?${query}`, options);
}

/** GET /tips/{tip_id} → { tip, score, public, rewards, masked }. */
export function tipDetail(tipID, options) {
  return request("GET", `/tips/${encodeURIComponent(tipID)}`, options);
}

/** POST /tips/{tip_id}/messages { body } → the public thread. */
export function messageTipster(tipID, body) {
  return request("POST", `/tips/${encodeURIComponent(tipID)}/messages`, { body: { body } });
}

/** POST /tips/{tip_id}/status { to } → the public thread. */
export function setTipStatus(tipID, to) {
  return request("POST", `/tips/${encodeURIComponent(tipID)}/status`, { body: { to } });
}

/** POST /tips/{tip_id}/rewards { case_no } → the proposed reward. */
export function proposeReward(tipID, caseNo) {
  return request("POST", `/tips/${encodeURIComponent(tipID)}/rewards`, { body: { case_no: caseNo } });
}

/** POST /rewards/{id} { decision, note? } → the reward. */
export function decideReward(id, decision, note) {
  return request("POST", `/rewards/${encodeURIComponent(id)}`, { body: note ? { decision, note } : { decision } });
}

/**
 * Listens to GET /events (server-sent events over a streamed fetch, so the bearer token goes in the
 * header) and calls onEvent({ kind, id, status }) for each, and onOpen() on each (re)connection;
 * reconnects after a pause until `signal` aborts. Returns nothing; errors are retried, never thrown.
 */
export function listen(onEvent, signal, onOpen = () => {}) {
  const connect = async () => {
    while (!signal.aborted) {
      try {
        const token = currentToken();
        const response = await fetch(`${BASE}/events`, {
          headers: { Accept: "text/event-stream", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          cache: "no-store", credentials: "same-origin", signal,
        });
        if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
        onOpen();
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).join("\n");
            if (data) {
              try { onEvent(JSON.parse(data)); } catch { /* a malformed event is skipped */ }
            }
          }
        }
      } catch (error) {
        if (signal.aborted || error?.name === "AbortError") return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  };
  connect();
}

/** POST /cases/{case_no}/tasks { title, assignee?, due_days? } → the task. */
export function addCaseTask(caseNo, fields) {
  return request("POST", `/cases/${encodeURIComponent(caseNo)}/tasks`, { body: fields });
}

/** POST /tasks/{id} { done } → the task. */
export function setCaseTask(id, done) {
  return request("POST", `/tasks/${encodeURIComponent(id)}`, { body: { done } });
}

/** GET /assistance?direction → { items } of requests addressed to (incoming) or sent from (outgoing) the caller's area. */
export function assistanceRequests(direction, options) {
  return request("GET", `/assistance?${new URLSearchParams({ direction })}`, options);
}

/** POST /assistance/{id} { to, answer? } → the request. */
export function answerAssistance(id, to, answer) {
  return request("POST", `/assistance/${encodeURIComponent(id)}`, { body: answer ? { to, answer } : { to } });
}

/** POST /cases/{case_no}/evidence/camera-package { plate, from?, to? } → the stored evidence item. */
export function attachCameraPackage(caseNo, fields) {
  return request("POST", `/cases/${encodeURIComponent(caseNo)}/evidence/camera-package`, { body: fields });
}

/** GET /field → { units, items: [{ dispatch, warning, target_name, target_address }] } for the caller's units. */
export function fieldAssignments(options) {
  return request("GET", "/field", options);
}

/** GET /retailers/{licence_no}/dossier → the retailer's dossier (一户一档). */
export function dossier(licence, options) {
  return request("GET", `/retailers/${encodeURIComponent(licence)}/dossier`, options);
}

/** GET /lists?list&status&licence_no → { items, has_more }: grey/black list entries, newest first. */
export function listEntries({ list, status, licence, page = 1, perPage = 50, ...options } = {}) {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  if (list) query.set("list", list);
  if (status) query.set("status", status);
  if (licence) query.set("licence_no", licence);
  return request("GET", `/lists?${query}`, options);
}

/** POST /lists { licence_no, list, reasons } → the proposed entry (someone else reviews it). */
export function proposeListEntry(licence, list, reason) {
  return request("POST", "/lists", { body: { licence_no: licence, list, reasons: [reason] } });
}

/** POST /lists/{id} { decision: approve|reject|remove, note?, expires_days? } → the entry. */
export function decideListEntry(id, decision, note, expiresDays) {
  const body = { decision };
  if (note) body.note = note;
  if (expiresDays) body.expires_days = expiresDays;
  return request("POST", `/lists/${encodeURIComponent(id)}`, { body });
}

/** POST /lists/propose → { proposed }: runs the list rules. */
export function runListRules() {
  return request("POST", "/lists/propose", { body: {} });
}

/** GET /search?q → { q, read_as, items: [{ kind, key, title, detail, adcode }], masked }. */
export function search(q, options) {
  return request("GET", `/search?${new URLSearchParams({ q })}`, options);
}

/** GET /vehicles/{plate} → the plate's reads, stay points, flows, hot-list hits and findings. */
export function vehicle(plate, options) {
  return request("GET", `/vehicles/${encodeURIComponent(plate)}`, options);
}

/** GET /users → { items } (admin). */
export function users(options) {
  return request("GET", "/users", options);
}

/** POST /users { username, display_name?, password, role, department, jurisdiction } → the user (admin). */
export function createUser(body) {
  return request("POST", "/users", { body });
}

/** PATCH /users/{username} { disabled? , password? } → the user (admin). */
export function changeUser(username, body) {
  return request("PATCH", `/users/${encodeURIComponent(username)}`, { body });
}

/** GET /audit?limit&before → { items } newest first (admin, auditor). */
export function auditEntries({ limit = 100, before, ...options } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before) query.set("before", String(before));
  return request("GET", `/audit?${query}`, options);
}

/** GET /audit/verify → { entries, checkpoints, problems, ok } (the check is itself audited). */
export function verifyAudit() {
  return request("GET", "/audit/verify");
}

/** POST /unmask { purpose, minutes } → { unmasked_until }: clear personal data for a stated purpose, for a while. */
export function unmask(purpose, minutes) {
  return request("POST", "/unmask", { body: { purpose, minutes } });
}

/** GET /graph/neighbourhood?entity&hops&limit → { centre, nodes, edges, masked }. */
export function graphNeighbourhood(entity, { hops = 1, limit = 30, ...options } = {}) {
  return request("GET", `/graph/neighbourhood?${new URLSearchParams({ entity, hops: String(hops), limit: String(limit) })}`, options);
}

/** GET /graph/path?from&to → the chain of links between two entities (404 when none is found). */
export function graphPath(from, to, options) {
  return request("GET", `/graph/path?${new URLSearchParams({ from, to })}`, options);
}

/** GET /entities/decisions[?all=true] → { items: analysts' merge/split decisions, newest first }. */
export function identityDecisions({ all = false, ...options } = {}) {
  return request("GET", `/entities/decisions${all ? "?all=true" : ""}`, options);
}

/** POST /entities/decisions { action: merge|split, entity_a, entity_b, reason } → the decision (applied by the next link analysis). */
export function recordIdentityDecision(action, entityA, entityB, reason) {
  return request("POST", "/entities/decisions", { body: { action, entity_a: entityA, entity_b: entityB, reason } });
}

/** POST /entities/decisions/{id}/revoke { reason } → the decision, revoked (the history stays). */
export function revokeIdentityDecision(id, reason) {
  return request("POST", `/entities/decisions/${encodeURIComponent(id)}/revoke`, { body: { reason } });
}

/** GET /graph/gangs/{id} → { gang, members: [{ id, label, tier, role, key_suspect }] }. */
export function gangGraph(id, options) {
  return request("GET", `/graph/gangs/${encodeURIComponent(id)}`, options);
}

/** POST /units/{unit_id} { status?, lat?, lon? } → the unit (its previous values are kept). */
export function setUnitStatus(unitID, status, position) {
  const body = { status };
  if (position) Object.assign(body, { lat: position.lat, lon: position.lon });
  return request("POST", `/units/${encodeURIComponent(unitID)}`, { body });
}

/** GET /map/retailers?min_score&limit → { items: [{ licence_no, name, lat, lon, score, pattern }] }, riskiest first. */
export function mapRetailers({ minScore = 50, limit = 2000, ...options } = {}) {
  return request("GET", `/map/retailers?${new URLSearchParams({ min_score: String(minScore), limit: String(limit) })}`, options);
}

/** GET /imports → { items: recent import batches }. */
export function importBatches(options) {
  return request("GET", "/imports", options);
}

/** GET /imports/{id} → the batch's quality report. */
export function importReport(id, options) {
  return request("GET", `/imports/${encodeURIComponent(id)}`, options);
}

/** POST /imports?file=NAME with the file as the body → the new batch's quality report. */
export function uploadImport(file, name) {
  return request("POST", `/imports?${new URLSearchParams({ file: name })}`, { raw: file, rawType: file.type || "text/csv" });
}

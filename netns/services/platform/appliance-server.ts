// The appliance-facing HTTPS server: TCP accept -> (fault choice) -> TLS with the good or the untrusted cert -> HTTP.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { TLSSocket, createSecureContext, type SecureContext } from "node:tls";
import type { FaultKind } from "./portal-wire.ts";
import type { Faults } from "./faults.ts";
import type { PlatformState } from "./state.ts";
import { FAULT_BODY } from "./messages.ts";
import { match, readJson, sendError, sendJson, type Route } from "./http-util.ts";
import { parseIdentity } from "./registry.ts";
import { drained } from "./tcp-drain.ts";

const BODY_LIMIT = 8 * 1024 * 1024;

/** A PEM certificate and its key. */
export interface TlsPair {
  cert: string;
  key: string;
}

/** The appliance API's routes (see README.md). */
function routes(state: PlatformState): Route[] {
  const caller = (body: unknown) => state.activatedCaller(parseIdentity(body));
  const now = () => new Date().toISOString();
  return [
    { method: "POST", pattern: "/appliance/v1/poll", handler: (_p, body, req) => state.poll(body, source(req), "/appliance/v1/poll") },
    {
      method: "POST",
      pattern: "/appliance/v1/heartbeat",
      handler: (_p, body, req) => {
        const app = caller(body);
        const via = (body as { via?: unknown }).via;
        state.registry.beat(app, { at: now(), sourceAddress: source(req), path: "/appliance/v1/heartbeat", ...(via === "lan" || via === "wan" ? { via } : {}) });
        return { ok: true, pollIntervalSeconds: app.pollIntervalSeconds };
      },
    },
    { method: "POST", pattern: "/appliance/v1/scans/:id/status", handler: ([id], body) => state.jobs.reportScan(caller(body), id!, body, now()) },
    { method: "POST", pattern: "/appliance/v1/scans/:id/results", handler: ([id], body) => state.jobs.uploadResults(caller(body), id!, body, now()) },
    { method: "POST", pattern: "/appliance/v1/updates/:id/status", handler: ([id], body) => state.jobs.reportUpdate(caller(body), id!, body, now()) },
  ];
}

const source = (req: IncomingMessage) => (req.socket.remoteAddress ?? "?").replace(/^::ffff:/, "");

/** HTTPS listeners (one per address, not yet listening) and a way to drop every open connection (hung ones included). */
export interface ApplianceServer {
  /** A new TCP listener that serves the appliance API; call once per listen address. */
  listener(): Server;
  destroyConnections(): void;
}

/** Build the appliance API. Faults are read from `faults` for each accepted connection (by its source address). */
export function createApplianceServer(state: PlatformState, faults: Faults, good: TlsPair, untrusted: TlsPair): ApplianceServer {
  const open = new Set<Socket>();
  const contexts: Record<"good" | "untrusted", SecureContext> = { good: createSecureContext(good), untrusted: createSecureContext(untrusted) };
  const table = routes(state);
  const conn = new WeakMap<object, { raw: Socket; fault: FaultKind | undefined }>();

  const http = createHttpServer((req, res) => {
    const { raw, fault } = conn.get(req.socket) ?? { raw: undefined, fault: undefined };
    const log = (status?: number) => state.record({ sourceAddress: source(req), method: req.method!, path: req.url!, ...(status ? { status } : {}), ...(fault ? { fault } : {}) });
    if (fault && fault !== "untrusted-certificate") return applyFault(fault, raw!, req, res, log);
    void handle(table, req, res, log);
  });
  http.on("clientError", (_err, socket) => socket.destroy());

  const accept = (raw: Socket) => {
    open.add(raw);
    raw.on("close", () => open.delete(raw));
    raw.on("error", () => raw.destroy());
    const peer = (raw.remoteAddress ?? "?").replace(/^::ffff:/, "");
    const fault = faults.take(peer);
    const tls = new TLSSocket(raw, { isServer: true, secureContext: fault === "untrusted-certificate" ? contexts.untrusted : contexts.good });
    tls.on("error", () => {
      if (fault === "untrusted-certificate") state.record({ sourceAddress: peer, fault });
      tls.destroy();
      raw.destroy();
    });
    conn.set(tls, { raw, fault });
    http.emit("connection", tls);
  };
  return { listener: () => createNetServer(accept), destroyConnections: () => open.forEach((s) => s.destroy()) };
}

async function handle(table: Route[], req: IncomingMessage, res: ServerResponse, log: (s?: number) => void): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "https://platform");
    const { route, params } = match(table, req.method ?? "GET", url.pathname);
    const body = await readJson(req, BODY_LIMIT);
    const answer = await route.handler(params, body, req);
    sendJson(res, route.status ?? 200, answer);
    log(route.status ?? 200);
  } catch (error) {
    sendError(res, error);
    log(res.statusCode);
  }
}

/** Misbehave as `fault` says on this request (see README.md for what curl reports for each). */
function applyFault(fault: Exclude<FaultKind, "untrusted-certificate">, raw: Socket, req: IncomingMessage, res: ServerResponse, log: (s?: number) => void): void {
  switch (fault) {
    case "http-401":
    case "http-500": {
      const status = fault === "http-401" ? 401 : 500;
      req.resume();
      req.on("end", () => sendJson(res, status, { error: { message: FAULT_BODY[status] } }));
      return log(status);
    }
    case "never-answer":
      // Read the request, answer nothing: the appliance's own timeout (curl --max-time) ends it.
      req.resume();
      return log();
    case "close-mid-request":
      // Headers read, body not: reset the TCP connection under TLS while the appliance may still be sending.
      log();
      raw.resetAndDestroy();
      return;
    case "close-mid-response": {
      // Headers promise a body; half of it goes out, then the TCP connection is reset under TLS.
      req.resume();
      req.on("end", () => {
        const full = `${JSON.stringify({ state: "activated", filler: "x".repeat(2048) })}\n`;
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
        // A reset discards what TCP has not sent yet: wait until the half is acknowledged, then reset.
        res.write(full.slice(0, 1024), () => void drained(raw).then(() => raw.resetAndDestroy()));
      });
      return log(200);
    }
  }
}

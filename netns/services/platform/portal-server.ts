// The portal API: HTTP/JSON on a Unix socket, for the steps the manual does in the Qualys web UI.
import { createServer, type Server } from "node:http";
import type { Faults } from "./faults.ts";
import type { HealthView } from "./portal-wire.ts";
import type { PlatformState } from "./state.ts";
import { parseFault } from "./faults.ts";
import { match, onlyField, readJson, sendError, sendJson, type Route } from "./http-util.ts";
import { parseActivate, parseFlag, parsePolling, parseScan, parseUpdate } from "./settings.ts";

const BODY_LIMIT = 4 * 1024 * 1024;
const P = "/portal/v1";

/** Every portal route (see README.md for bodies and answers). */
function routes(state: PlatformState, faults: Faults, health: () => HealthView): Route[] {
  const query = (req: { url?: string }, key: string) => new URL(req.url ?? "/", "http://portal").searchParams.get(key) ?? undefined;
  return [
    { method: "GET", pattern: `${P}/health`, handler: () => health() },
    { method: "GET", pattern: `${P}/appliances`, handler: () => state.list() },
    { method: "GET", pattern: `${P}/appliances/:id`, handler: ([id]) => state.view(id!) },
    { method: "GET", pattern: `${P}/appliances/:id/heartbeats`, handler: ([id]) => state.registry.get(id!).heartbeats },
    {
      method: "POST",
      pattern: `${P}/activations`,
      handler: (_p, body) => {
        const { activationCode, username } = parseActivate(body);
        return state.activate(activationCode, username);
      },
    },
    { method: "PUT", pattern: `${P}/appliances/:id/vlans`, handler: ([id], body) => state.setVlans(id!, onlyField(body, "vlans")) },
    { method: "PUT", pattern: `${P}/appliances/:id/static-routes`, handler: ([id], body) => state.setRoutes(id!, onlyField(body, "staticRoutes")) },
    { method: "PUT", pattern: `${P}/appliances/:id/ipv6-scanning`, handler: ([id], body) => state.setIpv6(id!, onlyField(body, "ipv6Scanning")) },
    { method: "PUT", pattern: `${P}/appliances/:id/enabled`, handler: ([id], body) => state.setEnabled(id!, parseFlag(onlyField(body, "enabled"), "enabled")) },
    {
      method: "DELETE",
      pattern: `${P}/appliances/:id`,
      handler: ([id]) => {
        state.removeAppliance(id!);
        return { removed: id };
      },
    },
    { method: "GET", pattern: `${P}/subscription`, handler: () => state.subscription() },
    { method: "PUT", pattern: `${P}/subscription`, handler: (_p, body) => state.setExpired(parseFlag(onlyField(body, "expired"), "expired")) },
    { method: "PUT", pattern: `${P}/appliances/:id/polling`, handler: ([id], body) => state.setPolling(id!, parsePolling(body)) },
    { method: "GET", pattern: `${P}/syslog`, handler: () => state.getSyslog() },
    { method: "PUT", pattern: `${P}/syslog`, handler: (_p, body) => state.setSyslog(onlyField(body, "syslog")) },
    { method: "POST", pattern: `${P}/appliances/:id/scans`, status: 201, handler: ([id], body) => state.launchScan(id!, parseScan(body)) },
    { method: "GET", pattern: `${P}/scans`, handler: (_p, _b, req) => state.jobs.listScans(query(req, "appliance")) },
    { method: "GET", pattern: `${P}/scans/:id`, handler: ([id]) => state.jobs.scan(id!) },
    { method: "POST", pattern: `${P}/scans/:id/cancel`, handler: ([id]) => state.jobs.cancel(id!, new Date().toISOString()) },
    { method: "POST", pattern: `${P}/appliances/:id/updates`, status: 201, handler: ([id], body) => state.pushUpdate(id!, parseUpdate(body)) },
    { method: "GET", pattern: `${P}/updates`, handler: (_p, _b, req) => state.jobs.listUpdates(query(req, "appliance")) },
    { method: "GET", pattern: `${P}/requests`, handler: () => state.requestLog() },
    { method: "GET", pattern: `${P}/fault`, handler: () => faults.view() },
    { method: "PUT", pattern: `${P}/fault`, handler: (_p, body) => faults.set(parseFault(body)) },
    { method: "DELETE", pattern: `${P}/fault`, handler: () => faults.clear() },
  ];
}

/** Build the portal HTTP server (the caller listens on the Unix socket path). */
export function createPortalServer(state: PlatformState, faults: Faults, health: () => HealthView): Server {
  const table = routes(state, faults, health);
  return createServer((req, res) => {
    void (async () => {
      try {
        const { route, params } = match(table, req.method ?? "GET", new URL(req.url ?? "/", "http://portal").pathname);
        const body = await readJson(req, BODY_LIMIT);
        sendJson(res, route.status ?? 200, await route.handler(params, body, req));
      } catch (error) {
        sendError(res, error);
      }
    })();
  });
}

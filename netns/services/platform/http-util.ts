// Small HTTP helpers shared by the appliance and portal servers: JSON bodies, JSON answers, path routing.
import type { IncomingMessage, ServerResponse } from "node:http";
import { PlatformError, badField, badJson, badRoute, bodyTooLarge } from "./messages.ts";

/** Read the request body as JSON (empty body: undefined); throws PlatformError on bad JSON or oversize. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw bodyTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badJson(error);
  }
}

/** Answer with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Answer with the error's JSON body (unexpected errors become 500 with their message). */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof PlatformError) sendJson(res, error.status, error.toBody());
  else sendJson(res, 500, { error: { message: `Internal emulator error: ${error instanceof Error ? error.message : String(error)}` } });
}

/** The single field `key` of an object body, rejecting other keys (e.g. {"vlans": [...]}). */
export function onlyField(body: unknown, key: string): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw badField("(body)", `an object {"${key}": ...}`, body);
  const extra = Object.keys(body).find((k) => k !== key);
  if (extra !== undefined) throw badField(extra, "absent (not a known field)", (body as Record<string, unknown>)[extra]);
  return (body as Record<string, unknown>)[key];
}

/** A route handler: `:param` values, the parsed body, the request; returns the JSON answer. */
export type Handler = (params: string[], body: unknown, req: IncomingMessage) => unknown | Promise<unknown>;

/** A route: method, a path pattern with `:param` segments, and its handler (returns the JSON answer). */
export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
  /** Answer status on success (default 200). */
  status?: number;
}

/** Find the route for `method path`; returns the handler and the decoded `:param` values. */
export function match(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } {
  const parts = path.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pat = route.pattern.split("/").filter(Boolean);
    if (pat.length !== parts.length) continue;
    const params: string[] = [];
    const ok = pat.every((seg, i) => {
      if (seg.startsWith(":")) return params.push(decodeURIComponent(parts[i]!)) > 0;
      return seg === parts[i];
    });
    if (ok) return { route, params };
  }
  throw badRoute(method, path);
}

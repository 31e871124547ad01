// Power through PDUDaemon's HTTP listener (`power: {pdudaemon: {url, hostname, port}}`): one driver for every PDU
// model pdudaemon knows. Its API: GET <url>/power/control/on|off|reboot?hostname=<pdu>&port=<outlet>; 200 "OK -
// accepted request", 500 "Invalid request" (unknown PDU, missing hostname/port, unknown request).
//
// "Accepted" never means "powered". pdudaemon queues each request on its PDU's runner (one job at a time per PDU;
// Debian 12's 0.0.8 answers once the runner has taken the job, older releases as soon as it was queued), its drivers
// may retry a failing PDU five times five seconds apart, and its `localcmdline` driver ignores the command's exit
// status. So the caller observes the effect from outside (the console goes dark, the boot messages come), as the
// strategy does after every power action.
import { get as getHttp } from "node:http";
import { get as getHttps } from "node:https";
import { powerFailed } from "./errors.ts";
import type { PowerControl } from "./types.ts";

/** How long pdudaemon may take to accept one request (it waits behind the PDU's earlier jobs). */
export const PDUDAEMON_REQUEST_MS = 60_000;

/** The request URL for `request` (on, off, reboot) of outlet `port` of PDU `hostname`. */
export function pdudaemonUrl(s: { readonly url: string; readonly hostname: string; readonly port: number }, request: "on" | "off" | "reboot"): string {
  const q = new URLSearchParams({ hostname: s.hostname, port: String(s.port) });
  return `${s.url.replace(/\/+$/, "")}/power/control/${request}?${q}`;
}

/** Power control by PDUDaemon: `on` and `off` as asked; `cut` is `off` (a PDU outlet has no power button). */
export function pdudaemonPower(name: string, s: { readonly url: string; readonly hostname: string; readonly port: number }, requestMs = PDUDAEMON_REQUEST_MS): PowerControl {
  const ask = (action: "on" | "off" | "cut") => async () => {
    const url = pdudaemonUrl(s, action === "on" ? "on" : "off");
    let status: number;
    let body: string;
    try {
      ({ status, body } = await httpGet(url, requestMs));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw powerFailed(name, action, `PDUDaemon at ${s.url} did not take GET ${url}: ${e.code ?? e.message}`, error);
    }
    if (status !== 200 || !body.startsWith("OK")) {
      const hint = status === 500 ? ` (pdudaemon refuses a PDU not in its configuration: is "${s.hostname}" one of its pdus?)` : "";
      throw powerFailed(name, action, `PDUDaemon answered GET ${url} with ${status} ${JSON.stringify(body.slice(0, 200))}${hint}`);
    }
  };
  return { on: ask("on"), off: ask("off"), cut: ask("cut") };
}

/** One GET without a connection pool (a restarted daemon leaves no stale keep-alive socket behind): status and body. */
function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith("https:") ? getHttps : getHttp)(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: `no answer within ${timeoutMs} ms` })));
    req.on("error", reject);
  });
}

// A PDUDaemon of a test's own (Debian's `pdudaemon` package): its JSON configuration, log and pid file in the test's
// directory, its HTTP listener on a free port of 127.0.0.1, its PDUs driven by `localcmdline` (one shell command per
// outlet action; `%s` is the outlet). Stopped by its own pid, never by name.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { Deadline, pollUntil } from "../../../netns/util/deadline.ts";

/** Where Debian installs the daemon. */
export const PDUDAEMON = "/usr/sbin/pdudaemon";

/** One PDU of the configuration: its `localcmdline` commands (each must contain `%s`, the outlet number). */
export interface LocalPdu {
  readonly cmdOn: string;
  readonly cmdOff: string;
}

/** A running pdudaemon. */
export interface PduDaemon {
  /** Base URL of its HTTP listener (what an inventory's `power.pdudaemon.url` names). */
  readonly url: string;
  readonly pid: number;
  readonly log: string;
  /** Its log so far (which jobs its runners processed). */
  logText(): string;
  /** SIGTERM by its pid, SIGKILL after 5 s; idempotent. */
  stop(): Promise<void>;
}

/** A port on 127.0.0.1 nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Does anything answer HTTP at `url` (any status)? */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Start pdudaemon with PDUs `pdus` (name -> commands), its files in `dir`; resolves once its listener answers. */
export async function startPduDaemon(dir: string, pdus: Record<string, LocalPdu>): Promise<PduDaemon> {
  if (!existsSync(PDUDAEMON)) throw new Error(`${PDUDAEMON} is missing: apt-get install pdudaemon (.ci/setup installs it)`);
  for (const [name, p] of Object.entries(pdus)) {
    for (const [key, cmd] of [["cmdOn", p.cmdOn], ["cmdOff", p.cmdOff]] as const) {
      if ((cmd.match(/%s/g) ?? []).length !== 1) throw new Error(`pdudaemon PDU ${name}: expected ${key} to contain %s (the outlet) exactly once, got ${JSON.stringify(cmd)}`);
    }
  }
  const port = await freePort();
  const conf = join(dir, "pdudaemon.conf");
  const log = join(dir, "pdudaemon.log");
  const pidFile = join(dir, "pdudaemon.pid");
  const config = {
    daemon: { hostname: "127.0.0.1", port, listener: "http", logging_level: "DEBUG" },
    pdus: Object.fromEntries(Object.entries(pdus).map(([name, p]) => [name, { driver: "localcmdline", cmd_on: p.cmdOn, cmd_off: p.cmdOff }])),
  };
  await writeFile(conf, `${JSON.stringify(config, null, 2)}\n`);
  const child: ChildProcess = spawn(PDUDAEMON, ["--conf", conf, "--logfile", log, "--loglevel", "DEBUG"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  let exited: number | null | undefined;
  const gone = new Promise<void>((resolve) => child.once("exit", (code) => ((exited = code), resolve())));
  await new Promise<void>((resolve, reject) => child.once("spawn", resolve).once("error", reject));
  await writeFile(pidFile, `${child.pid}\n`);
  const url = `http://127.0.0.1:${port}`;
  const logText = () => (existsSync(log) ? readFileSync(log, "utf8") : "");
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await gone;
      clearTimeout(timer);
    })());
  const up = await pollUntil(async () => (exited !== undefined ? "exited" : (await answers(`${url}/`)) ? "up" : undefined), Deadline.in(20_000, `pdudaemon's HTTP listener on ${url}`), {
    describeLast: () => `no answer; its log: ${logText().trim().split("\n").slice(-3).join(" | ") || "empty"}`,
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  if (up === "exited") throw new Error(`pdudaemon exited (${exited}) before listening on ${url}: ${(stderr || logText()).trim().split("\n").slice(-6).join("\n")}`);
  return { url, pid: child.pid!, log, logText, stop };
}

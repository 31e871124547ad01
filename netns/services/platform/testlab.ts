// A minimal lab for the emulator's own tests and benchmark: a "cloud" and a "client" namespace joined by a veth pair.
import { rm } from "node:fs/promises";
import type { Deadline } from "../../util/deadline.ts";
import { newPrefix, runDir } from "../../util/owner.ts";
import { run, runIn, type RunResult } from "../../util/sh.ts";

/** Two namespaces of one run: cloud 10.78.0.1/24 + fd78::1/64, client 10.78.0.2/24 + fd78::2/64. */
export interface PlatformTestLab {
  prefix: string;
  cloud: string;
  client: string;
  cloudAddress: string;
  clientAddress: string;
  cloudAddress6: string;
  clientAddress6: string;
  /** The run directory (removed by `remove`). */
  dir: string;
  remove(): Promise<void>;
}

/** Build the lab; on failure removes whatever part of it exists. */
export async function makeTestLab(deadline: Deadline, prefix = newPrefix()): Promise<PlatformTestLab> {
  const cloud = `${prefix}-cloud`;
  const client = `${prefix}-client`;
  const created: string[] = [];
  const remove = async () => {
    for (const ns of created.splice(0).reverse()) await run("ip", ["netns", "del", ns], { allowFailure: true });
    await rm(runDir(prefix), { recursive: true, force: true });
  };
  const t = { timeoutMs: Math.max(1, Math.round(deadline.remaining)) };
  try {
    for (const ns of [cloud, client]) {
      await run("ip", ["netns", "add", ns], t);
      created.push(ns);
      await runIn(ns, "ip", ["link", "set", "lo", "up"], t);
    }
    // Created inside the cloud namespace, peer moved straight into the client one: the host never sees it.
    await run("ip", ["-n", cloud, "link", "add", `${prefix}c0`, "type", "veth", "peer", "name", `${prefix}a0`, "netns", client], t);
    await runIn(cloud, "ip", ["addr", "add", "10.78.0.1/24", "dev", `${prefix}c0`], t);
    await runIn(client, "ip", ["addr", "add", "10.78.0.2/24", "dev", `${prefix}a0`], t);
    // nodad: usable at once, no wait for duplicate address detection.
    await runIn(cloud, "ip", ["-6", "addr", "add", "fd78::1/64", "dev", `${prefix}c0`, "nodad"], t);
    await runIn(client, "ip", ["-6", "addr", "add", "fd78::2/64", "dev", `${prefix}a0`, "nodad"], t);
    await runIn(cloud, "ip", ["link", "set", `${prefix}c0`, "up"], t);
    await runIn(client, "ip", ["link", "set", `${prefix}a0`, "up"], t);
  } catch (error) {
    await remove();
    throw error;
  }
  return { prefix, cloud, client, cloudAddress: "10.78.0.1", clientAddress: "10.78.0.2", cloudAddress6: "fd78::1", clientAddress6: "fd78::2", dir: runDir(prefix), remove };
}

/** What one curl call gave: exit code, HTTP status, body, and curl's error text. */
export interface CurlOutcome extends RunResult {
  httpCode: number;
  body: string;
}

const MARK = "\n--hil-http-code:";

/** Run curl in `ns` against the platform, resolving `name` to `address` (as the lab DNS would). */
export async function curlIn(ns: string, opts: { name: string; address: string; port: number; caCert: string }, args: readonly string[]): Promise<CurlOutcome> {
  const result = await runIn(
    ns,
    "curl",
    ["-sS", "--cacert", opts.caCert, "--resolve", `${opts.name}:${opts.port}:${opts.address.includes(":") ? `[${opts.address}]` : opts.address}`, "-w", `${MARK}%{http_code}`, ...args],
    { allowFailure: true, timeoutMs: 60_000 },
  );
  const at = result.stdout.lastIndexOf(MARK);
  const body = at >= 0 ? result.stdout.slice(0, at) : result.stdout;
  const httpCode = at >= 0 ? Number(result.stdout.slice(at + MARK.length)) : 0;
  return { ...result, body, httpCode };
}

// Name resolution the way the appliance does it: its own resolver list (DNS1 then DNS2), queried from its
// namespace through node's resolver (curl here has no c-ares, so no --dns-servers; curl gets --resolve instead).
// A twin that runs in its namespace (every twin does) resolves in-process; otherwise one helper process in the
// namespace serves the twin's queries for its life (a node start per query cost about 0.2 s of CPU, and a
// connection check makes one or two).
import { spawn, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import { isIP } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { has, scaled, type NetContext } from "./context.ts";
import { lookup, type DnsQuestion } from "./dns-helper.mjs";

const HELPER = fileURLToPath(new URL("./dns-helper.mjs", import.meta.url));

/** What one server said about one name. */
export type DnsAnswer =
  | { readonly kind: "answer"; readonly addresses: readonly string[] }
  | { readonly kind: "nxdomain"; readonly code: string }
  | { readonly kind: "unreachable"; readonly code: string }
  | { readonly kind: "error"; readonly code: string; readonly message?: string };

/** The outcome of resolving a name with a resolver list. */
export type Resolution =
  | { readonly kind: "resolved"; readonly address: string; readonly server: string }
  | { readonly kind: "not-found" }
  | { readonly kind: "unreachable" };

/** One DNS query's timeout (appliance ms; real floor) and how many tries it makes. */
export const DNS_QUERY = Object.freeze({ ms: 5000, floorMs: 400, tries: 2 });

/** Ask `server` for `name` (A or AAAA) from the appliance's namespace, optionally from `localAddress`. */
export async function query(ctx: NetContext, server: string, name: string, family: 4 | 6, localAddress?: string): Promise<DnsAnswer> {
  const timeoutMs = scaled(ctx, DNS_QUERY.ms, DNS_QUERY.floorMs);
  const q: DnsQuestion = { server, name, family, timeoutMs, tries: DNS_QUERY.tries, ...(localAddress ? { localAddress } : {}) };
  return !ctx.ns || ctx.inside ? lookup(q) : resolverIn(ctx.ns).ask(q, timeoutMs * 3 + 5000);
}

/** The identity of namespace `ns` (its /run/netns inode; "" for the process's own): a namespace made again under the
 *  same name is another one, and a helper still in the old one would resolve there. */
function nsIdentity(ns: string | undefined): string {
  if (!ns) return "";
  try {
    const st = statSync(`/run/netns/${ns}`);
    return `${st.dev}:${st.ino}`;
  } catch {
    return "gone";
  }
}

/** The resolver helper of one namespace: queries in by line, answers out by line, matched by id. */
class ResolverHelper {
  private readonly pending = new Map<number, (a: DnsAnswer) => void>();
  private next = 1;
  private ended = false;
  private stderr = "";

  private constructor(private readonly child: ChildProcess, readonly identity: string) {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let a: DnsAnswer & { id?: number };
      try {
        a = JSON.parse(line) as DnsAnswer & { id?: number };
      } catch {
        return;
      }
      const { id, ...answer } = a;
      if (typeof id === "number") this.settle(id, answer as DnsAnswer);
    });
    child.stderr!.on("data", (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-400)));
    const end = (why: string) => {
      this.ended = true;
      for (const id of [...this.pending.keys()]) this.settle(id, { kind: "error", code: why, message: this.stderr.trim().slice(0, 200) });
    };
    child.once("exit", (code, signal) => end(`exit ${code ?? signal}`));
    child.once("error", (e) => end(e.message));
    child.stdin!.on("error", () => undefined);
    // The helper never keeps the twin alive: a pending query's own timer does, while it waits.
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
  }

  static start(ns: string | undefined): ResolverHelper {
    const argv = ns ? ["ip", ["netns", "exec", ns, process.execPath, HELPER]] as const : [process.execPath, [HELPER]] as const;
    return new ResolverHelper(spawn(argv[0], [...argv[1]], { stdio: ["pipe", "pipe", "pipe"] }), nsIdentity(ns));
  }

  get usable(): boolean {
    return !this.ended;
  }

  /** Let it end: its stdin closed, it exits (a query still open gets an error answer). */
  close(): void {
    this.child.stdin!.end();
  }

  ask(q: DnsQuestion, limitMs: number): Promise<DnsAnswer> {
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, { kind: "error", code: "helper timeout", message: `no answer in ${limitMs} ms` }), limitMs);
      this.pending.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      if (this.ended) return this.settle(id, { kind: "error", code: "helper gone", message: this.stderr.trim().slice(0, 200) });
      this.child.stdin!.write(`${JSON.stringify({ id, ...q })}\n`);
    });
  }

  private settle(id: number, a: DnsAnswer): void {
    const done = this.pending.get(id);
    this.pending.delete(id);
    done?.(a);
  }
}

/** This process's resolver helpers, by namespace name. */
const helpers = new Map<string, ResolverHelper>();

/** The live helper for namespace `ns`, started (again) when there is none, it ended, or the namespace was made anew. */
function resolverIn(ns: string | undefined): ResolverHelper {
  const key = ns ?? "";
  const have = helpers.get(key);
  if (have?.usable && have.identity === nsIdentity(ns)) return have;
  have?.close();
  const fresh = ResolverHelper.start(ns);
  helpers.set(key, fresh);
  return fresh;
}

/** The servers the appliance actually uses (DNS2 dropped by the dns2-ignored defect). */
export function usedServers(ctx: NetContext, servers: readonly string[]): string[] {
  const list = servers.filter((s) => isIP(s));
  return has(ctx, "dns2-ignored") ? list.slice(0, 1) : list;
}

/**
 * Resolve `name` with `servers` in order: an IP literal resolves to itself; the first server that answers with an
 * address wins; when every server is unreachable the result says so; otherwise the name was not found.
 */
export async function resolveName(ctx: NetContext, servers: readonly string[], name: string, family: 4 | 6, localAddress?: string): Promise<Resolution> {
  if (isIP(name)) return { kind: "resolved", address: name, server: "" };
  let answered = false;
  for (const server of usedServers(ctx, servers)) {
    const a = await query(ctx, server, name, family, localAddress);
    if (a.kind === "answer" && a.addresses.length) return { kind: "resolved", address: a.addresses[0]!, server };
    if (a.kind === "nxdomain" || a.kind === "answer") answered = true;
  }
  return answered ? { kind: "not-found" } : { kind: "unreachable" };
}

// The far end of a port's cable, found the way a PHY learns its link partner: the veth's peer interface (its ifindex
// from `ethtool -S` peer_ifindex, its namespace from the link's netns), and the partner's forced setting from that
// interface's alias `hil-link-partner=<value>` (no alias: the partner auto-negotiates). The lab sets the alias on its
// end of the cable (veth has no `ethtool -s`); the twin only reads it.
import { spawn, type ChildProcess } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { isPortLink, type PortLink } from "../../fixtures/manual/index.ts";
import { run, type RunResult } from "../../netns/util/sh.ts";
import { PYTHON } from "../../netns/util/python.ts";
import { sh, type NetContext } from "./context.ts";

const ALIAS_HELPER = fileURLToPath(new URL("./alias-watch.py", import.meta.url));

/** The alias key the lab writes on its end of the cable. */
export const PARTNER_ALIAS = "hil-link-partner";

/** One line of `ip -o link show`, reduced to what the peer lookup needs. */
export interface LinkLine {
  readonly index: number;
  readonly name: string;
  /** The peer's ifindex from `name@ifN` (veth), else null. */
  readonly peerIndex: number | null;
  /** The peer's namespace as `ip` names it (`link-netns NAME`), else null. */
  readonly linkNetns: string | null;
  /** The peer's namespace id when `ip` cannot name it (`link-netnsid N`), else null. */
  readonly linkNetnsid: number | null;
  readonly alias: string | null;
}

/** Where a port's cable ends: namespace (null: the twin process's own) and interface. */
export interface PeerEnd {
  readonly ns: string | null;
  readonly ifname: string;
  readonly ifindex: number;
}

/** Parse `ip -o link show` output (one interface per line; `\` joins the continuation lines). */
export function parseLinks(text: string): LinkLine[] {
  const out: LinkLine[] = [];
  for (const line of text.split("\n")) {
    const head = /^(\d+):\s+([^:@\s]+)(?:@(?:if(\d+)|[^:\s]+))?:/.exec(line);
    if (!head) continue;
    const segments = line.split("\\").map((s) => s.trim());
    const aliasSeg = segments.find((s) => s.startsWith("alias "));
    const nsid = /\blink-netnsid (\d+)/.exec(line);
    out.push({
      index: Number(head[1]),
      name: head[2]!,
      peerIndex: head[3] ? Number(head[3]) : null,
      linkNetns: /\blink-netns ([^\s\\]+)/.exec(line)?.[1] ?? null,
      linkNetnsid: nsid ? Number(nsid[1]) : null,
      alias: aliasSeg ? aliasSeg.slice("alias ".length) : null,
    });
  }
  return out;
}

/** The peer's ifindex from `ethtool -S` output (veth: `peer_ifindex: N`), or null. */
export function parsePeerIndex(ethtoolStats: string): number | null {
  const m = /^\s*peer_ifindex:\s*(\d+)\s*$/m.exec(ethtoolStats);
  return m ? Number(m[1]) : null;
}

/** The partner setting an alias states: `hil-link-partner=<value>`; no alias (or another alias) is AUTO. */
export function partnerFromAlias(alias: string | null, where: string): PortLink {
  const text = (alias ?? "").trim();
  if (!text.startsWith(`${PARTNER_ALIAS}=`)) return "AUTO";
  const value = text.slice(PARTNER_ALIAS.length + 1);
  if (!isPortLink(value)) {
    throw new Error(`${where}: expected alias ${PARTNER_ALIAS}=<AUTO|1GbaseT/Full|100baseT/Full|100baseT/Half|10baseT/Full|10baseT/Half>, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Is `line` (an interface of namespace `candidate`, null = the process's own) the other end of our port? Its index is
 * the peer index we read, its own peer index is our port's, and its link namespace is ours (named as `ip` names it
 * from there), or it lives beside us in the same namespace without a link namespace.
 */
export function isOurPeer(line: LinkLine, ours: { ns: string | null; index: number; peerIndex: number }, candidate: string | null): boolean {
  if (line.index !== ours.peerIndex || line.peerIndex !== ours.index) return false;
  if (candidate === ours.ns) return line.linkNetns === null && line.linkNetnsid === null;
  return ours.ns !== null && line.linkNetns === ours.ns;
}

/** `ip -o link show [args]` in namespace `ns` (null: this process's own). */
function ipLinks(ns: string | null, args: readonly string[] = []): Promise<RunResult> {
  return run("ip", [...(ns ? ["-n", ns] : []), "-o", "link", "show", ...args], { allowFailure: true, timeoutMs: 10_000 });
}

/** Namespaces to look in for the peer, most likely first: the one our link names, this process's own, then the rest. */
async function candidates(hint: string | null): Promise<(string | null)[]> {
  const named = await readdir("/run/netns").catch(() => [] as string[]);
  const rest = named.filter((n) => n !== hint);
  return [...(hint ? [hint] : []), null, ...rest];
}

/** Find the far end of `port`'s cable (null: the port does not exist, is not a veth, or its peer is not visible). */
export async function findPeer(ctx: NetContext, port: string): Promise<PeerEnd | null> {
  const own = parseLinks((await sh(ctx, "ip", ["-o", "link", "show", "dev", port])).stdout)[0];
  if (!own) return null;
  const stats = await sh(ctx, "ethtool", ["-S", port]);
  const peerIndex = parsePeerIndex(stats.stdout) ?? own.peerIndex;
  if (peerIndex === null) return null;
  const ours = { ns: ctx.ns ?? null, index: own.index, peerIndex };
  for (const candidate of await candidates(own.linkNetns)) {
    const lines = parseLinks((await ipLinks(candidate)).stdout);
    const hit = lines.find((l) => isOurPeer(l, ours, candidate));
    if (hit) return Object.freeze({ ns: candidate, ifname: hit.name, ifindex: hit.index });
  }
  return null;
}

const known = new Map<string, PeerEnd>();
/** When a lookup last found no peer (per port): the scan of every namespace is not repeated sooner than this. */
const missed = new Map<string, number>();
/** Real ms between two lookups of a peer that was not found (a cable being plugged in is seen this late at most). */
export const MISSED_RETRY_MS = 2_000;

/**
 * A peer in another namespace, watched by a small helper inside that namespace (`alias-watch.py`: one sysfs read every
 * 200 ms, a line only on change), so looking at it costs nothing here: no process per look. Alias changes make no
 * netlink event (`ip monitor` stays silent), hence the helper.
 */
class RemoteAlias {
  /** The latest alias (null: none), or undefined once the interface is gone. */
  private value: string | null | undefined;
  private readonly ready: Promise<void>;
  private readonly child: ChildProcess;

  constructor(readonly end: PeerEnd) {
    this.child = spawn("ip", ["netns", "exec", end.ns!, PYTHON, ALIAS_HELPER, end.ifname, String(end.ifindex)], { stdio: ["pipe", "pipe", "ignore"] });
    this.child.stdin!.on("error", () => undefined);
    const lines = createInterface({ input: this.child.stdout! });
    this.ready = new Promise((resolve) => {
      lines.on("line", (line) => {
        this.value = line.startsWith("alias ") ? line.slice(6).trim() || null : undefined;
        resolve();
      });
      this.child.once("exit", () => {
        this.value = undefined;
        resolve();
      });
      this.child.once("error", () => resolve());
    });
  }

  /** The alias now (waits for the helper's first line). */
  async alias(): Promise<string | null | undefined> {
    await this.ready;
    return this.value;
  }

  /** Stop the helper (its stdin closes; it exits at its next look). */
  close(): void {
    this.child.stdin!.end();
    if (this.child.exitCode === null) this.child.kill();
  }
}

const remotes = new Map<string, RemoteAlias>();

/** The alias of the peer `end` (`fresh`: read now; else the watching helper's last look, at most ~200 ms old), or
 *  undefined when that interface is gone or is another one (re-look it up). */
async function peerAlias(key: string, end: PeerEnd, fresh: boolean): Promise<string | null | undefined> {
  if (end.ns === null) {
    // The process's own namespace: sysfs answers without spawning anything.
    const index = await readFile(`/sys/class/net/${end.ifname}/ifindex`, "utf8").catch(() => "");
    if (Number(index.trim()) !== end.ifindex) return undefined;
    const alias = await readFile(`/sys/class/net/${end.ifname}/ifalias`, "utf8").catch(() => undefined);
    return alias === undefined ? undefined : alias.trim() || null;
  }
  if (fresh) {
    // A connection check reads the partner as it is now (one `ip` run), not the helper's last look.
    const line = parseLinks((await ipLinks(end.ns, ["dev", end.ifname])).stdout)[0];
    return line && line.index === end.ifindex ? line.alias : undefined;
  }
  let remote = remotes.get(key);
  if (remote && remote.end !== end) {
    remote.close();
    remote = undefined;
  }
  if (!remote) remotes.set(key, (remote = new RemoteAlias(end)));
  const alias = await remote.alias();
  if (alias === undefined) {
    remote.close();
    remotes.delete(key);
  }
  return alias;
}

/** Stop every helper watching a peer (power off: the PHYs stop looking). */
export function stopPeerWatch(): void {
  for (const r of remotes.values()) r.close();
  remotes.clear();
  known.clear();
}

/**
 * The link partner's setting for `port`: read from the alias of the far end of its cable. A port whose peer cannot be
 * found (no such port, not a veth, peer in no visible namespace) has no forced partner: AUTO. `fresh` (default) reads
 * the far end now; the 200 ms link watch passes false and takes the watching helper's last look (no process per look).
 */
export async function partnerOf(ctx: NetContext, port: string, fresh = true): Promise<PortLink> {
  const key = `${ctx.ns ?? ""}/${port}`;
  let end = known.get(key);
  let alias = end ? await peerAlias(key, end, fresh) : undefined;
  if (alias === undefined) {
    known.delete(key);
    if (performance.now() - (missed.get(key) ?? -Infinity) < MISSED_RETRY_MS) return "AUTO";
    end = (await findPeer(ctx, port)) ?? undefined;
    if (!end) {
      missed.set(key, performance.now());
      return "AUTO";
    }
    missed.delete(key);
    known.set(key, end);
    alias = await peerAlias(key, end, fresh);
    if (alias === undefined) return "AUTO";
  }
  return partnerFromAlias(alias, `${end!.ns ?? "(own namespace)"}:${end!.ifname} (far end of ${port})`);
}

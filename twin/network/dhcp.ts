// DHCPv4 with busybox udhcpc and the twin's own hook script: the script only records the lease variables in a file
// of the state directory; the twin applies them itself (never the default script, never the host's resolv.conf).
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sh, type NetContext } from "./context.ts";

/** A DHCPv4 lease as the appliance uses it. */
export interface Lease {
  readonly ip: string;
  readonly prefix: number;
  /** First router of the lease, null when the lease has none. */
  readonly router: string | null;
  readonly dns: readonly string[];
  readonly wins: readonly string[];
  readonly domain: string | null;
  readonly seconds: number;
  readonly server: string | null;
}

const HOOK = `#!/bin/sh
# twin udhcpc hook: record the lease for the twin; configure nothing.
case "$1" in
  bound|renew) env | grep -E '^(ip|mask|subnet|router|dns|wins|domain|lease|serverid)=' > "$TWIN_LEASE_FILE.tmp" && mv "$TWIN_LEASE_FILE.tmp" "$TWIN_LEASE_FILE" ;;
esac
exit 0
`;

/** Path of the hook script in the state directory. */
export const hookPath = (ctx: NetContext) => join(ctx.stateDir, "udhcpc-hook.sh");
/** Path of the lease file of `dev`. */
export const leasePath = (ctx: NetContext, dev: string) => join(ctx.stateDir, `lease-${dev}.env`);

const words = (s: string | undefined) => (s ?? "").split(/\s+/).filter(Boolean);

/** Parse a lease file (`key=value` lines); null when it has no address. */
export function parseLease(text: string): Lease | null {
  const v: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) v[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  if (!v.ip) return null;
  const prefix = v.mask ? Number(v.mask) : v.subnet ? v.subnet.split(".").reduce((n, o) => n + (Number(o).toString(2).match(/1/g)?.length ?? 0), 0) : 24;
  return Object.freeze({
    ip: v.ip, prefix, router: words(v.router)[0] ?? null, dns: Object.freeze(words(v.dns)), wins: Object.freeze(words(v.wins)),
    domain: v.domain || null, seconds: Number(v.lease ?? 0), server: v.serverid ?? null,
  });
}

/** udhcpc's discovery: tries, and seconds per try (appliance s; at least 1 real second: udhcpc counts whole seconds). */
export const DHCP_DISCOVER = Object.freeze({ tries: 3, seconds: 3 });

/** Ask for a lease on `dev` (a few scaled tries); null when no DHCP server answered. */
export async function requestLease(ctx: NetContext, dev: string): Promise<Lease | null> {
  await mkdir(ctx.stateDir, { recursive: true });
  const hook = hookPath(ctx);
  await writeFile(hook, HOOK);
  await chmod(hook, 0o755);
  const file = leasePath(ctx, dev);
  await rm(file, { force: true });
  const wait = String(Math.max(1, Math.round(DHCP_DISCOVER.seconds * ctx.timeScale)));
  const args = ["udhcpc", "-f", "-q", "-n", "-t", String(DHCP_DISCOVER.tries), "-T", wait, "-i", dev, "-s", hook, "-O", "wins", "-x", `hostname:qualys-${ctx.serial}`];
  const r = await sh(ctx, "busybox", args, { env: { TWIN_LEASE_FILE: file } });
  if (r.exitCode !== 0) return null;
  return parseLease(await readFile(file, "utf8").catch(() => ""));
}

// IPv6-only mode: automatic (SLAAC from router advertisements, resolvers from the RA's RDNSS option) or manual
// address, gateway and resolvers. Manual DNS1/DNS2 take precedence over what the network announces.
import { spawn } from "node:child_process";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import type { TwinConfig } from "../state/config.ts";
import type { IfaceState } from "./addr.ts";
import { has, inNs, scaled, sh, type NetContext } from "./context.ts";

type Base = Pick<IfaceState, "iface" | "port" | "dev" | "carrier">;

/** The RDNSS servers (option 25) of a router advertisement given as tcpdump -x hex (IPv6 header first). */
export function rdnssFromHex(hexDump: string): string[] {
  const hex = hexDump.split("\n").filter((l) => /^\s+0x/.test(l)).map((l) => l.replace(/^\s+0x[0-9a-f]+:\s+/, "").replace(/\s+/g, "")).join("");
  const b = Buffer.from(hex, "hex");
  const out: string[] = [];
  for (let i = 40 + 16; i + 2 <= b.length; ) {
    const type = b[i]!, len = b[i + 1]! * 8;
    if (len === 0) break;
    if (type === 25) {
      for (let a = i + 8; a + 16 <= i + len; a += 16) {
        const groups = Array.from({ length: 8 }, (_, g) => b.readUInt16BE(a + g * 2).toString(16));
        out.push(groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::"));
      }
    }
    i += len;
  }
  return out;
}

async function globalAddress(ctx: NetContext, dev: string): Promise<{ address: string; prefix: number; dadfailed: boolean } | undefined> {
  const r = await sh(ctx, "ip", ["-6", "-o", "addr", "show", "dev", dev, "scope", "global"]);
  const m = /inet6 ([0-9a-f:]+)\/(\d+)/.exec(r.stdout);
  if (!m) return undefined;
  if (/tentative/.test(r.stdout) && !/dadfailed/.test(r.stdout)) return undefined;
  return { address: m[1]!, prefix: Number(m[2]), dadfailed: /dadfailed/.test(r.stdout) };
}

/** Configure IPv6 on `base.dev` per `config` (auto6 or static6); resolvers: manual ones first, else the RA's. */
export async function setupIpv6(ctx: NetContext, base: Base, config: TwinConfig): Promise<IfaceState> {
  const method = config.lan === "static6" ? "static6" : "auto6";
  const manualDns = [config.ipv6?.dns1 ?? "", config.ipv6?.dns2 ?? ""].map((s) => s.trim()).filter((s) => s && s !== "::");
  const empty: IfaceState = { ...base, method, address: null, prefix: null, gateway: null, dns: manualDns, invalid: null, duplicate: false, leaseWithoutGateway: false };
  await sh(ctx, "ip", ["-6", "addr", "flush", "dev", base.dev, "scope", "global"]);
  await sh(ctx, "ip", ["-6", "route", "del", "default"]);
  if (!base.carrier) return empty;
  // At least 10 s even at small time scales: radvd delays an answer to a solicitation by up to MinDelayBetweenRAs
  // (3 s) after its last RA, and DAD takes another second; a 4 s floor lost that race on a loaded machine.
  const wait = Deadline.in(scaled(ctx, 30_000, 10_000), `an IPv6 address on ${base.dev}`);
  if (method === "static6") {
    const addr = config.ipv6?.addr.trim() ?? "", len = Number(config.ipv6?.preflen ?? 64), gw = config.ipv6?.gateway.trim() ?? "";
    if (!addr) return empty;
    await sh(ctx, "sysctl", ["-qw", `net.ipv6.conf.${base.dev}.accept_ra=0`, `net.ipv6.conf.${base.dev}.accept_dad=1`]);
    const add = await sh(ctx, "ip", ["-6", "addr", "add", `${addr}/${len}`, "dev", base.dev]);
    if (add.exitCode !== 0) return { ...empty, address: addr, prefix: len, invalid: { reason: add.stderr.trim(), loopback: false } };
    const got = await pollUntil(() => globalAddress(ctx, base.dev), wait).catch(() => undefined);
    if (got?.dadfailed) return { ...empty, address: addr, prefix: len, gateway: gw || null, duplicate: true };
    if (gw) await sh(ctx, "ip", ["-6", "route", "replace", "default", "via", gw, "dev", base.dev]);
    return { ...empty, address: addr, prefix: len, gateway: gw || null, dns: has(ctx, "static6-dns-ignored") ? [] : manualDns };
  }
  await sh(ctx, "sysctl", ["-qw", `net.ipv6.conf.${base.dev}.accept_ra=2`, `net.ipv6.conf.${base.dev}.autoconf=1`]);
  // Listen for an RA (for its RDNSS) and, once tcpdump is listening, restart IPv6 on the device so the kernel
  // solicits one at once. The link itself stays up: taking it down ends tcpdump's capture ("interface went down").
  const ra = listenForRa(ctx, base.dev, wait);
  await ra.listening;
  await sh(ctx, "sysctl", ["-qw", `net.ipv6.conf.${base.dev}.disable_ipv6=1`]);
  await sh(ctx, "sysctl", ["-qw", `net.ipv6.conf.${base.dev}.disable_ipv6=0`]);
  const got = await pollUntil(() => globalAddress(ctx, base.dev), wait).catch(() => undefined);
  const raDns = has(ctx, "rdnss-ignored") ? [] : rdnssFromHex(await ra.dump);
  if (!got) return { ...empty, dns: manualDns.length ? manualDns : raDns };
  const route = await sh(ctx, "ip", ["-6", "route", "show", "default", "dev", base.dev]);
  const gw = /via ([0-9a-f:]+)/.exec(route.stdout)?.[1] ?? null;
  return { ...empty, address: got.address, prefix: got.prefix, gateway: gw, duplicate: got.dadfailed, dns: manualDns.length ? manualDns : raDns };
}

/** One router advertisement on `dev` as tcpdump's hex dump ("" if none came before `wait` ends); `listening`
 *  resolves once tcpdump says it is capturing (or has ended). */
function listenForRa(ctx: NetContext, dev: string, wait: Deadline): { listening: Promise<void>; dump: Promise<string> } {
  const argv = ["tcpdump", "-i", dev, "-c", "1", "-n", "-x", "-l", "icmp6 and ip6[40] == 134"];
  const [cmd, ...args] = inNs(ctx, argv);
  const child = spawn(cmd!, args);
  const stop = setTimeout(() => child.kill(), Math.max(0, wait.remaining));
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const ended = new Promise<void>((resolve) => child.once("close", () => (clearTimeout(stop), resolve())));
  child.once("error", () => undefined);
  const listening = new Promise<void>((resolve) => {
    child.stderr.setEncoding("utf8").on("data", (d: string) => ((err += d), err.includes("listening on") && resolve()));
    void ended.then(resolve);
  });
  return { listening, dump: ended.then(() => out) };
}

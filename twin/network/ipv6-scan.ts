// IPv6 for scanning, set on the portal (IPv4+v6 mode only): off, automatic (router advertisement: SLAAC on the LAN)
// or static. The LAN's IPv6 address is used for scanning IPv6 hosts only; management stays on LAN IPv4
// (manual: "Configure IPv6 Address for Scanning").
import type { Applied } from "./apply.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { sh, type NetContext } from "./context.ts";

/** The portal's setting as the poll answer carries it. */
export type Ipv6ScanSetting = { readonly mode: "off" } | { readonly mode: "auto" } | { readonly mode: "static"; readonly address: string; readonly prefixLength: number; readonly gateway?: string };

/** How long automatic configuration waits for a router advertisement (real ms; RAs come every few seconds). */
const RA_WAIT_MS = 12_000;

/** Apply `setting` to the LAN device (nothing in IPv6-only mode, where the LAN is IPv6 already). Off is also the
 *  baseline of every check: no IPv6 on the LAN until the portal enables it. Automatic waits for the SLAAC address. */
export async function applyIpv6Scanning(ctx: NetContext, applied: Applied, setting: Ipv6ScanSetting): Promise<void> {
  if (applied.family !== 4) return;
  const dev = applied.lan.dev;
  const auto = setting.mode === "auto";
  // A change starts from a LAN without IPv6 (an earlier static or automatic address goes).
  await sh(ctx, "sysctl", ["-qw", `net.ipv6.conf.${dev}.accept_ra=${auto ? 2 : 0}`, `net.ipv6.conf.${dev}.autoconf=${auto ? 1 : 0}`]);
  await sh(ctx, "ip", ["-6", "addr", "flush", "dev", dev, "scope", "global"]);
  await sh(ctx, "ip", ["-6", "route", "flush", "dev", dev, "proto", "ra"]);
  if (setting.mode === "static") {
    await sh(ctx, "ip", ["-6", "addr", "replace", `${setting.address}/${setting.prefixLength}`, "dev", dev, "nodad"]);
    if (setting.gateway) await sh(ctx, "ip", ["-6", "route", "replace", "default", "via", setting.gateway, "dev", dev]);
  }
  if (auto) await pollUntil(async () => (await ipv6ScanAddress(ctx, applied)) ?? undefined, Deadline.in(RA_WAIT_MS, "a SLAAC address on the LAN")).catch(() => undefined);
}

/** The LAN's global IPv6 address used for scanning (past duplicate address detection), or null. */
export async function ipv6ScanAddress(ctx: NetContext, applied: Applied): Promise<string | null> {
  const r = await sh(ctx, "ip", ["-6", "-o", "addr", "show", "dev", applied.lan.dev, "scope", "global", "-tentative"]);
  return /inet6 ([0-9a-f:]+)\//.exec(r.stdout)?.[1] ?? null;
}

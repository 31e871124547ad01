// The full connection check, in the order of the oracle's errorPrecedence: link and address facts of each interface,
// split sanity, proxy settings, DNS (servers present, reachable, resolving the proxy or the platform), then the
// platform request with curl. The first failing condition is the error shown, for the interface concerned; the older
// model shows the E-codes of the same condition.
import { errorFor, legacyCodesFor, shownError, splitCondition, type ApplianceError, type LegacyCode, type NetworkCondition } from "../../fixtures/manual/index.ts";
import type { TwinConfig } from "../state/config.ts";
import { triple, type IfaceState } from "./addr.ts";
import { applyConfig, mgmtState, type Applied } from "./apply.ts";
import { has, type NetContext } from "./context.ts";
import { resolveName } from "./dns.ts";
import { post } from "./platform.ts";
import { conditionOf } from "./platform.ts";
import { proxyConditions, proxyOf, proxyUrl } from "./proxy.ts";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { errorDetected, errorMisreport, legacyMisreport } from "./defects/errors.ts";
import { isIP } from "node:net";
import { connectivityLegacy, connectivityMisreport } from "./connectivity.ts";
import { join } from "node:path";

/** The platform's poll answer (the parts the appliance uses). */
export interface PollAnswer {
  readonly state: "activation-code" | "activated";
  readonly activationCode?: string;
  readonly applianceId?: string;
  readonly name?: string;
  readonly pollIntervalSeconds?: number;
  readonly settings?: Record<string, unknown>;
  readonly scans?: readonly Record<string, unknown>[];
  readonly versions?: { software: string; signatures: string };
  readonly update?: { id: string; target: { software: string; signatures: string } } | null;
}

/** What the check found. */
export type NetOutcome =
  | { readonly kind: "activation-code"; readonly code: string; readonly answer: PollAnswer }
  | { readonly kind: "ready"; readonly name: string; readonly ip: string; readonly answer: PollAnswer }
  | { readonly kind: "error"; readonly error: ApplianceError; readonly condition: NetworkCondition; readonly legacy: readonly LegacyCode[] };

/** Extra context: activation pending, proxy just disabled (older model E04), versions to report. */
export interface CheckOptions {
  readonly applied?: Applied;
  readonly proxyJustDisabled?: boolean;
  readonly versions?: { software: string; signatures: string };
  /** The check right after boot (the reboot-keeps-code defect shows the cached code there). */
  readonly boot?: boolean;
  /** The check follows a proxy configuration: a missing carrier reads "no CARRIER" (else "has no IPv4 address"). */
  readonly configuringProxy?: boolean;
}

/** Local conditions of one interface, in precedence order. */
export function ifaceConditions(s: IfaceState): NetworkCondition[] {
  const iface = s.iface;
  if (!s.carrier) return [{ kind: "no-carrier", iface }];
  if (s.invalid) return [{ kind: "invalid-ip-config", iface }];
  if (!s.address) return [{ kind: "no-ipv4", iface }];
  if (s.duplicate) return [{ kind: "duplicate-ip", iface }];
  if (s.leaseWithoutGateway) return [{ kind: "dhcp-no-gateway", iface }];
  return [];
}

/** The condition a defective firmware reports instead of `c` (the misclassification defects); `c` itself otherwise. */
export function misreported(c: NetworkCondition, ctx: NetContext): NetworkCondition {
  if (has(ctx, "wrong-dns-error") && c.kind === "dns-server-unreachable") return { kind: "dns-cannot-resolve-platform", iface: c.iface };
  if (has(ctx, "nxdomain-as-timeout") && c.kind === "dns-cannot-resolve-platform") return { kind: "timeout", viaProxy: false };
  if (has(ctx, "refused-as-timeout") && c.kind === "connect-failed" && !c.viaProxy) return { kind: "timeout", viaProxy: false };
  if (has(ctx, "http500-as-401") && c.kind === "platform-http-status" && c.status === 500) return { kind: "platform-http-status", status: 401 };
  return errorMisreport(c, ctx.defects);
}

function fail(c: NetworkCondition, config: TwinConfig, a: Applied | null, o: CheckOptions, ctx: NetContext): NetOutcome {
  const shown = misreported(connectivityMisreport(c, ctx), ctx);
  const loopback = !!(a && (a.lan.invalid?.loopback || a.wan?.invalid?.loopback));
  const ntlm = proxyOf(config)?.user.includes("\\") ?? false;
  return { kind: "error", error: errorFor(shown), condition: shown, legacy: connectivityLegacy(legacyMisreport(legacyCodesFor(shown, { activating: !config.activated || has(ctx, "legacy-activation-forgotten"), proxyJustDisabled: o.proxyJustDisabled ?? false, loopbackAddress: loopback, ntlm }), ctx.defects), ctx) };
}

/** The conditions found before any traffic: link, address, split sanity, proxy settings (for shownError). */
export function localConditions(config: TwinConfig, a: Applied, ctx?: NetContext): NetworkCondition[] {
  const conds = [...ifaceConditions(a.lan), ...(a.wan ? ifaceConditions(a.wan) : [])];
  const l = triple(a.lan), w = a.wan ? triple(a.wan) : null;
  if (l && w) {
    const s = splitCondition(l, w);
    if (s) conds.push(s);
  }
  return [...conds, ...proxyConditions(proxyOf(config))].filter((c) => !ctx || errorDetected(c, ctx.defects));
}

/** Apply (unless given) and check; returns the outcome and what was applied. */
export async function connectionCheck(config: TwinConfig, ctx: NetContext, o: CheckOptions = {}): Promise<{ outcome: NetOutcome; applied: Applied }> {
  const applied = o.applied ?? (await applyConfig(config, ctx));
  const done = (outcome: NetOutcome) => ({ outcome, applied });
  const configuringProxy = ((o.configuringProxy ?? false) || has(ctx, "carrier-always")) && !has(ctx, "carrier-never");
  const local = shownError(localConditions(config, applied, ctx), { configuringProxy });
  if (local) return done(fail(local.condition, config, applied, o, ctx));
  const mgmt = mgmtState(applied);
  const iface = mgmt.iface;
  if (mgmt.dns.length === 0) return done(fail({ kind: "no-dns-servers", iface }, config, applied, o, ctx));
  const resolved = await resolveMgmt(config, ctx, applied);
  if ("condition" in resolved) return done(fail(resolved.condition, config, applied, o, ctx));
  const result = await pollPlatform(config, ctx, applied, resolved, o.versions);
  if ("condition" in result) return done(fail(result.condition, config, applied, o, ctx));
  return done(await bootOutcome(result.answer, applied, ctx, o.boot ?? false));
}

/** The outcome of the check's answer; the activation code is kept in the state directory (reboot-keeps-code shows it after a boot). */
async function bootOutcome(answer: PollAnswer, applied: Applied, ctx: NetContext, boot: boolean): Promise<NetOutcome> {
  const file = join(ctx.stateDir, "activation-code");
  if (answer.state === "activation-code" && answer.activationCode) {
    await mkdir(ctx.stateDir, { recursive: true });
    await writeFile(file, answer.activationCode);
  }
  const cached = boot && has(ctx, "reboot-keeps-code") ? await readFile(file, "utf8").catch(() => "") : "";
  if (cached && answer.state === "activated") return { kind: "activation-code", code: cached, answer: { ...answer, state: "activation-code", activationCode: cached } };
  return answerOutcome(answer, applied, ctx);
}

/**
 * Resolve what management traffic needs with the management interface's resolvers: the proxy's name (or, with a proxy
 * by address, just that the servers answer), else the platform's name.
 */
export async function resolveMgmt(config: TwinConfig, ctx: NetContext, applied: Applied): Promise<Resolved | { condition: NetworkCondition }> {
  const mgmt = mgmtState(applied);
  const iface = mgmt.iface;
  const proxy = proxyOf(config);
  const platformHost = new URL(ctx.platform?.url ?? "https://unset.invalid").hostname.replace(/^\[|\]$/g, "");
  const local = applied.mgmt === "WAN" ? mgmt.address ?? undefined : undefined;
  const name = proxy && !isIP(proxy.host) ? proxy.host : platformHost;
  const r = await resolveName(ctx, mgmtResolvers(ctx, applied, name !== platformHost), name, applied.family, local);
  if (r.kind === "unreachable") return { condition: { kind: "dns-server-unreachable", iface } };
  if (proxy && !isIP(proxy.host)) {
    if (r.kind === "not-found") return { condition: { kind: "dns-cannot-resolve-proxy", iface } };
    return { platformAddress: null, proxyAddress: r.kind === "resolved" ? r.address : null };
  }
  if (proxy) return { platformAddress: null, proxyAddress: proxy.host };
  if (r.kind === "not-found") return { condition: { kind: "dns-cannot-resolve-platform", iface } };
  return { platformAddress: r.kind === "resolved" ? r.address : null, proxyAddress: null };
}

/** The resolvers management names are looked up with: the management interface's, or the LAN's with a split-mode resolver defect. */
export function mgmtResolvers(ctx: NetContext, a: Applied, proxyName: boolean): readonly string[] {
  const mgmt = mgmtState(a);
  if (a.mgmt !== "WAN") return mgmt.dns;
  const lanInstead = (has(ctx, "wan-dns-ignored") && !proxyName) || (has(ctx, "proxy-dns-on-lan") && proxyName) || (has(ctx, "static-dns-overrides-wan") && a.lan.method === "static");
  return lanInstead ? a.lan.dns : mgmt.dns;
}

/** Where to send management requests, once names are resolved. */
export interface Resolved {
  readonly platformAddress: string | null;
  readonly proxyAddress: string | null;
}

/** The management route for requests (the mgmt-on-lan defect binds them to the LAN instead). */
export function mgmtRoute(config: TwinConfig, ctx: NetContext, a: Applied, r: Resolved) {
  const proxy = proxyOf(config);
  const dev = has(ctx, "mgmt-on-lan") ? a.lan.dev : mgmtState(a).dev;
  const address = has(ctx, "proxy-host-is-gateway") ? mgmtState(a).gateway ?? r.proxyAddress : r.proxyAddress;
  const port = proxy && has(ctx, "proxy-port-ignored") ? 8080 : proxy?.port ?? 0;
  return { dev, platformAddress: r.platformAddress, proxy: proxy && address ? { url: proxyUrl(address, port), user: proxy.user, password: proxy.password } : null };
}

/** One poll request: the platform's answer, or the condition it failed with. */
export async function pollPlatform(config: TwinConfig, ctx: NetContext, a: Applied, r: Resolved, versions?: { software: string; signatures: string }, scanIpv6?: string | null): Promise<{ answer: PollAnswer } | { condition: NetworkCondition }> {
  const lanIpv6 = a.family === 6 ? a.lan.address : scanIpv6; // IPv4+v6 mode: the LAN's IPv6 address for scanning, if any
  const body = {
    serial: ctx.serial, mac: ctx.mac, via: a.mgmt === "WAN" ? "wan" : "lan", consoleVlan: a.vlan,
    ...(config.applianceId ? { applianceId: config.applianceId } : {}),
    ...(a.family === 4 && a.lan.address ? { lanIpv4: a.lan.address } : {}), ...(lanIpv6 ? { lanIpv6 } : {}),
    ...(versions ? { versions } : {}),
  };
  const route = mgmtRoute(config, ctx, a, r);
  const res = await post(ctx, route, "/appliance/v1/poll", body);
  const c = conditionOf(res, route.proxy !== null);
  if (c) return { condition: c };
  try {
    return { answer: JSON.parse(res.body) as PollAnswer };
  } catch {
    return { condition: { kind: "platform-http-status", status: 500 } };
  }
}

/** The screen a poll answer leads to: the activation code, or the name (is_ dropped by name-without-prefix) and (LAN) IP. */
export function answerOutcome(answer: PollAnswer, a: Applied, ctx?: NetContext): NetOutcome {
  const name = answer.name && ctx && has(ctx, "name-without-prefix") ? answer.name.replace(/^is_/, "") : answer.name;
  const ip = ctx && has(ctx, "name-ip-gateway") ? a.lan.gateway ?? "" : a.lan.address ?? "";
  if (answer.state === "activated" && name) return { kind: "ready", name, ip, answer };
  return { kind: "activation-code", code: answer.activationCode ?? "", answer };
}

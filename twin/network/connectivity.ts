// The connectivity defects (twin/network/defects/connectivity.ts) applied to a check's condition and the older
// model's codes: each replaces the manual's classification by a plausible wrong one.
import type { LegacyCode, NetworkCondition } from "../../fixtures/manual/index.ts";
import { has, type NetContext } from "./context.ts";

/** The condition a firmware with the connectivity defects reports instead of `c`. */
export function connectivityMisreport(c: NetworkCondition, ctx: NetContext): NetworkCondition {
  if (c.kind === "proxy-http-status") {
    if (c.status === 407 && has(ctx, "proxy-407-as-403")) return { kind: "proxy-http-status", status: 403 };
    if (c.status === 403 && has(ctx, "proxy-403-as-407")) return { kind: "proxy-http-status", status: 407 };
    if (c.status === 503 && has(ctx, "proxy-503-as-qg-500")) return { kind: "platform-http-status", status: 500 };
  }
  if (c.kind === "invalid-proxy-ip" && has(ctx, "proxy-ip-unchecked")) return { kind: "connect-failed", viaProxy: true };
  if (c.kind === "invalid-proxy-auth-config" && has(ctx, "proxy-auth-unchecked")) return { kind: "proxy-http-status", status: 407 };
  if (c.kind === "dns-cannot-resolve-proxy" && has(ctx, "proxy-dns-as-qg-url")) return { kind: "dns-cannot-resolve-platform", iface: c.iface };
  if (c.kind === "connect-failed" && c.viaProxy && has(ctx, "proxy-refused-as-timeout")) return { kind: "timeout", viaProxy: true };
  if (c.kind === "timeout" && has(ctx, "timeout-as-connect")) return { kind: "connect-failed", viaProxy: c.viaProxy };
  if (c.kind === "recv-failed" && has(ctx, "recv-as-send")) return { kind: "send-failed", viaProxy: c.viaProxy };
  if (c.kind === "send-failed" && has(ctx, "send-as-recv")) return { kind: "recv-failed", viaProxy: c.viaProxy };
  if (c.kind === "ssl-peer-cert" && has(ctx, "ssl-as-recv")) return { kind: "recv-failed", viaProxy: false };
  const refusal = c.kind === "account-expired" || c.kind === "scanner-disabled" || c.kind === "scanner-not-registered";
  if (refusal && has(ctx, "platform-codes-ignored")) return { kind: "platform-http-status", status: 500 };
  if (c.kind === "scanner-disabled" && has(ctx, "disabled-as-expired")) return { kind: "account-expired" };
  if (c.kind === "platform-http-status" && c.status === 401 && has(ctx, "http401-as-500")) return { kind: "platform-http-status", status: 500 };
  return c;
}

const PROXY_CODES: readonly LegacyCode[] = ["E00", "E01", "E02", "E03"];

/** The older model's codes a firmware with the connectivity defects shows instead of `codes`. */
export function connectivityLegacy(codes: readonly LegacyCode[], ctx: NetContext): readonly LegacyCode[] {
  if (has(ctx, "legacy-proxy-as-e06") && codes.some((c) => PROXY_CODES.includes(c))) return ["E06"];
  if (has(ctx, "legacy-ntlm-as-e03") && codes.some((c) => c === "E00" || c === "E01")) return ["E03"];
  if (has(ctx, "legacy-https-as-e02") && codes.includes("E06")) return ["E02"];
  return codes;
}

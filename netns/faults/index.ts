// The lab faults' public API: each apply* returns a Fault whose remove() is idempotent.
export type { Fault } from "./types.ts";
export { applyDrop, applyReject, type FirewallMatch } from "./firewall.ts";
export { applyLinkDown, carrierOf } from "./link.ts";
export { applyRateLimit, type RateLimit } from "./ratelimit.ts";
export { applySquatter, applySquatterHost } from "./squatter.ts";
export { applyDnsUnreachable, applyDnsUnreachableFrom, type DnsFaultEntry, type DnsFaultMode } from "./dns.ts";

// The lab faults' public API: each apply* returns a Fault whose remove() is idempotent.
export type { Fault } from "./types.ts";
export { applyDrop, applyReject, type FirewallMatch } from "./firewall.ts";
export { applyLinkDown, carrierOf } from "./link.ts";
export { applyRateLimit, type RateLimit } from "./ratelimit.ts";
export { applySquatter, applySquatterHost } from "./squatter.ts";
export { applyDnsUnreachable, type LabEnd } from "./dns.ts";
export { applyPartnerSetting, PARTNER_SETTINGS, PARTNER_ALIAS_PREFIX, type PartnerSetting } from "./partner.ts";

// The lab services' public API, in one import for the lab core (topology, Lab.up, sweeper).
export type { RunningService, ServiceContext } from "./types.ts";
export * from "./schema.ts";
export { ServiceError } from "./errors.ts";
export { startDnsmasq, type RunningDnsmasq } from "./dnsmasq.ts";
export type { DnsmasqLease } from "./dnsmasq-config.ts";
export { startRadvd, type RunningRadvd } from "./radvd.ts";
export { startSquid, type RunningSquid } from "./squid.ts";
export { startSyslog, querySyslog, type RunningSyslog, type SyslogQuery, type SyslogRecord } from "./syslog.ts";
export { pidFileOf, OWNER_ENV } from "./process.ts";
export { sweepPidFile, ownedBy, type SweepOutcome } from "./sweep.ts";

// The appliance list row and preview pane (manual: "We recommend one more thing"), computed from a record.
import type { ApplianceSettings } from "./api.ts";
import type { ApplianceView } from "./portal-wire.ts";
import type { ApplianceRecord } from "./registry.ts";

/** Heartbeat checks missed: none while the last heartbeat is within 1.5 polling intervals, then one per interval. */
export function heartbeatChecksMissed(app: ApplianceRecord, now: number): number {
  const last = app.heartbeats.at(-1);
  if (!last) return 0;
  const interval = app.pollIntervalSeconds * 1000;
  return Math.max(0, Math.floor((now - Date.parse(last.at) - 0.5 * interval) / interval));
}

/** What the view needs beyond the record. */
export interface ViewContext {
  now: number;
  activeScans: number;
  settings: ApplianceSettings;
  offlineAfterMissed: number;
  scanCapacityPercent: number;
}

const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The portal's view of one appliance: status, missed checks, versions, capacity (100% until a scan is launched), busy. */
export function applianceView(app: ApplianceRecord, ctx: ViewContext): ApplianceView {
  const missed = heartbeatChecksMissed(app, ctx.now);
  const upToDate = !!app.versions && app.versions.software === app.latest.software && app.versions.signatures === app.latest.signatures;
  return {
    id: app.id,
    serial: app.serial,
    mac: app.mac,
    ...opt("model", app.model),
    activation: app.activatedAt === undefined ? "awaiting-activation" : "activated",
    activationCode: app.activationCode,
    ...opt("name", app.name),
    ...opt("owner", app.owner),
    ...opt("lanIpv4", app.lanIpv4),
    ...opt("lanIpv6", app.lanIpv6),
    ...opt("consoleVlan", app.consoleVlan),
    pollIntervalSeconds: app.pollIntervalSeconds,
    enabled: app.enabled,
    status: missed >= ctx.offlineAfterMissed ? "offline" : "online",
    heartbeatChecksMissed: missed,
    ...opt("lastHeartbeat", app.heartbeats.at(-1)),
    ...opt("versions", app.versions),
    latest: { ...app.latest },
    upToDate,
    availableCapacity: Math.max(0, 100 - ctx.activeScans * ctx.scanCapacityPercent),
    busy: ctx.activeScans > 0,
    settings: ctx.settings,
    registeredAt: iso(app.registeredAt)!,
    ...opt("activatedAt", iso(app.activatedAt)),
  };
}

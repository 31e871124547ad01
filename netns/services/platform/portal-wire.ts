// Wire types of the portal API (HTTP/JSON on the emulator's Unix socket): what scenarios do in the Qualys web UI.
import type { ApplianceSettings, Ipv6Scanning, StaticRoute, SyslogForwarding, Versions, Vlan } from "./api.ts";

/** Connection status from heartbeats: online while no heartbeat check is missed beyond the allowance. */
export type ConnectionStatus = "online" | "offline";

/** One row of the appliances list with its preview pane (manual: "We recommend one more thing"). */
export interface ApplianceView {
  id: string;
  serial: string;
  mac: string;
  model?: string;
  activation: "awaiting-activation" | "activated";
  activationCode: string;
  /** "is_<username>" once activated. */
  name?: string;
  owner?: string;
  lanIpv4?: string;
  lanIpv6?: string;
  consoleVlan?: number;
  pollIntervalSeconds: number;
  enabled: boolean;
  status: ConnectionStatus;
  heartbeatChecksMissed: number;
  lastHeartbeat?: Heartbeat;
  /** Versions the appliance reported in its last poll. */
  versions?: Versions;
  /** Versions the platform wants it to run ("Latest Scanner/Signature Version"). */
  latest: Versions;
  upToDate: boolean;
  /** 100 until a scan is launched; each active scan takes the configured share. */
  availableCapacity: number;
  busy: boolean;
  settings: ApplianceSettings;
  registeredAt: string;
  activatedAt?: string;
}

/** A successful appliance contact the platform counted as a heartbeat. */
export interface Heartbeat {
  at: string;
  applianceId: string;
  sourceAddress: string;
  /** The request path that carried it, e.g. "/appliance/v1/poll". */
  path: string;
  /** The interface the appliance said it used ("lan" or "wan"), when it said so. */
  via?: "lan" | "wan";
}

/** Every HTTPS request (or connection, when a fault acted before a request existed) the platform saw. */
export interface RequestRecord {
  at: string;
  sourceAddress: string;
  method?: string;
  path?: string;
  status?: number;
  fault?: FaultKind;
}

/** Every fault the live server can be switched to. */
export const FAULT_KINDS = [
  "http-401",
  "http-500",
  "never-answer",
  "close-mid-request",
  "close-mid-response",
  "untrusted-certificate",
] as const;

/** A platform-side fault the appliance must classify (manual: "Qualys Platform Connectivity Errors"). */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Body of PUT /portal/v1/fault. */
export interface FaultRequest {
  kind: FaultKind;
  /** Apply to this many connections, then clear by itself; absent: until cleared. */
  count?: number;
  /** Only connections from this source address (one appliance of several); absent: all. */
  from?: string;
}

/** The current fault and how often each kind struck. */
export interface FaultView {
  active: { kind: FaultKind; remaining: number | null; from?: string } | null;
  /** How many connections each fault kind has hit since start. */
  hits: Partial<Record<FaultKind, number>>;
}

/** Body of POST /portal/v1/activations (New > Scanner Appliance). */
export interface ActivateRequest {
  activationCode: string;
  username: string;
}

/** Body of POST /portal/v1/appliances/{id}/scans. */
export interface LaunchScanRequest {
  title: string;
  targets: string[];
  vlanId?: number;
  route?: string;
}

/** Body of POST /portal/v1/appliances/{id}/updates: the versions to install. */
export interface PushUpdateRequest {
  software: string;
  signatures: string;
}

/** The subscription as GET/PUT /portal/v1/subscription shows it. */
export interface SubscriptionView {
  /** While true every appliance request is answered "Account expired". */
  expired: boolean;
}

/** Answer of GET /portal/v1/health (also the ready file's content). */
export interface HealthView {
  pid: number;
  platformNames: string[];
  listen: { addresses: string[]; port: number };
  startedAt: string;
}

/** Body of every portal error response. */
export interface PortalErrorBody {
  error: { message: string; field?: string; expected?: string; found?: string; code?: string };
}

/** Settings types re-exported for portal callers. */
export type { Ipv6Scanning, StaticRoute, SyslogForwarding, Vlan };

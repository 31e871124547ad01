// Wire types of the platform emulator: the appliance API (HTTPS) and the portal API (Unix socket).
// Both sides (the server here, harness/platform/portal.ts, the twin's curl calls) speak these shapes as JSON.

/** A VLAN defined in the Qualys UI for scanning (manual: "Configure VLANs / Static Routes using the Qualys UI"). */
export interface Vlan {
  id: number;
  /** IPv4 address of the appliance on this VLAN, with prefix length: "192.168.5.10/24". */
  address: string;
  /** Optional gateway on this VLAN. */
  gateway?: string;
  name?: string;
}

/** A static route defined in the Qualys UI: destination network via a gateway. */
export interface StaticRoute {
  /** Destination network with prefix length: "10.20.0.0/16". */
  destination: string;
  gateway: string;
  name?: string;
}

/** IPv6 for scanning on LAN (manual: "Configure IPv6 Address for Scanning"). */
export type Ipv6Scanning =
  | { mode: "off" }
  | { mode: "auto" }
  | { mode: "static"; address: string; prefixLength: number; gateway?: string };

/** Subscription-wide syslog forwarding (manual: "Scanner Appliance Syslog Forwarding"). */
export type SyslogForwarding =
  | { enabled: false }
  | { enabled: true; protocol: "tcp" | "udp"; port: number; server: string };

/** The settings the platform pushes to an activated appliance on each poll. */
export interface ApplianceSettings {
  vlans: Vlan[];
  staticRoutes: StaticRoute[];
  ipv6Scanning: Ipv6Scanning;
  syslog: SyslogForwarding;
}

/** Scanner software and vulnerability signature versions ("6.7.20-1", "2.2.245-2"). */
export interface Versions {
  software: string;
  signatures: string;
}

/** Life of a scan: queued (launched), dispatched (handed to a poll), running, canceling, then an end state. */
export type ScanState = "queued" | "dispatched" | "running" | "canceling" | "finished" | "failed" | "cancelled";

/** A scan job as the portal sees it. */
export interface ScanView {
  id: string;
  applianceId: string;
  title: string;
  targets: string[];
  vlanId?: number;
  route?: string;
  state: ScanState;
  launchedAt: string;
  updatedAt: string;
  /** Percent reported by the appliance (0-100). */
  progress: number;
  /** Result records the appliance uploaded (opaque JSON objects). */
  results: unknown[];
}

/** A scan job as the appliance receives it in a poll: start it, or cancel it. */
export interface ScanJob {
  id: string;
  action: "start" | "cancel";
  title: string;
  targets: string[];
  vlanId?: number;
  route?: string;
}

/** Life of a pushed update, as the appliance reports it. */
export type UpdateState = "pending" | "downloading" | "installing" | "installed" | "failed";

/** A software update pushed from the portal. */
export interface UpdateView {
  id: string;
  applianceId: string;
  target: Versions;
  state: UpdateState;
  pushedAt: string;
  updatedAt: string;
  message?: string;
}

// ---------------------------------------------------------------- appliance API (HTTPS)

/** Body of every appliance request: who is calling (serial and MAC identify an appliance). */
export interface ApplianceIdentity {
  serial: string;
  mac: string;
}

/** Body of POST /appliance/v1/poll. */
export interface PollRequest extends ApplianceIdentity {
  model?: string;
  versions?: Versions;
  lanIpv4?: string;
  lanIpv6?: string;
  /** Which interface carried this poll: "lan" (single network) or "wan" (split network). */
  via?: "lan" | "wan";
  /** The appliance ID it was given earlier; an ID the platform no longer knows gets "This scan_id does not exist". */
  applianceId?: string;
  /** The VLAN configured on the appliance UI (0 or absent: none). */
  consoleVlan?: number;
}

/** Answer to a poll by an appliance that is not activated yet. */
export interface PollAwaitingActivation {
  state: "activation-code";
  activationCode: string;
  applianceId: string;
  pollIntervalSeconds: number;
}

/** Answer to a poll by an activated appliance. */
export interface PollActivated {
  state: "activated";
  applianceId: string;
  name: string;
  pollIntervalSeconds: number;
  settings: ApplianceSettings;
  scans: ScanJob[];
  /** The versions the platform wants this appliance to run. */
  versions: Versions;
  update: { id: string; target: Versions } | null;
}

/** What a poll answers: the activation code, or the activated appliance's work. */
export type PollResponse = PollAwaitingActivation | PollActivated;

/** Body of POST /appliance/v1/scans/{id}/status. */
export interface ScanStatusReport extends ApplianceIdentity {
  state: "running" | "finished" | "failed" | "cancelled";
  progress?: number;
}

/** Body of POST /appliance/v1/scans/{id}/results. */
export interface ScanResultsUpload extends ApplianceIdentity {
  results: unknown[];
}

/** Body of POST /appliance/v1/updates/{id}/status. */
export interface UpdateStatusReport extends ApplianceIdentity {
  state: "downloading" | "installing" | "installed" | "failed";
  message?: string;
}

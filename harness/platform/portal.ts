// Typed client of the platform emulator's portal API (HTTP/JSON over its Unix socket): the scenario's "Qualys web UI".
import { request } from "node:http";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import type { Ipv6Scanning, ScanView, StaticRoute, SyslogForwarding, UpdateView, Versions, Vlan } from "../../netns/services/platform/api.ts";
import type {
  ApplianceView, FaultKind, FaultView, HealthView, Heartbeat, LaunchScanRequest, PortalErrorBody, RequestRecord, SubscriptionView,
} from "../../netns/services/platform/portal-wire.ts";

/** Wire types a scenario needs, re-exported. */
export type { ApplianceView, FaultKind, FaultView, Heartbeat, Ipv6Scanning, LaunchScanRequest, ScanView, StaticRoute, SyslogForwarding, UpdateView, Versions, Vlan };

/** Syslog forwarding as the portal form takes it: the port may be left out (default 514). */
export type SyslogInput = { enabled: false } | { enabled: true; protocol: "tcp" | "udp"; port?: number; server: string };

/** The portal refused a request: carries its message and, for bad input, the field, expected and found. */
export class PortalError extends Error {
  override readonly name = "PortalError";
  constructor(
    readonly status: number,
    readonly endpoint: string,
    readonly detail: PortalErrorBody["error"],
  ) {
    super(detail.message);
  }
}

const P = "/portal/v1";

/** One portal session on the emulator's socket. Every call waits at most `timeoutMs` (default 10 s). */
export class Portal {
  constructor(
    readonly socketPath: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Send one request; JSON answer on 2xx, PortalError with the portal's message otherwise. */
  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const endpoint = `${method} ${path}`;
    return new Promise<T>((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, method, path, timeout: this.timeoutMs, headers: payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              return reject(new PortalError(res.statusCode ?? 0, endpoint, { message: `Portal ${endpoint} answered non-JSON (HTTP ${res.statusCode}): ${text.slice(0, 200)}` }));
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const detail = (parsed as PortalErrorBody | undefined)?.error ?? { message: `Portal ${endpoint} failed with HTTP ${status}` };
            reject(new PortalError(status, endpoint, detail));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`Portal ${endpoint} on ${this.socketPath} did not answer within ${this.timeoutMs} ms`)));
      req.on("error", (error) => reject(error.message.startsWith("Portal") ? error : new Error(`Portal ${endpoint} on ${this.socketPath} failed: ${error.message}`, { cause: error })));
      req.end(payload);
    });
  }

  health = () => this.call<HealthView>("GET", `${P}/health`);
  /** The appliances list (Scans > Appliances) with each preview pane. */
  appliances = () => this.call<ApplianceView[]>("GET", `${P}/appliances`);
  appliance = (id: string) => this.call<ApplianceView>("GET", `${P}/appliances/${encodeURIComponent(id)}`);
  heartbeats = (id: string) => this.call<Heartbeat[]>("GET", `${P}/appliances/${encodeURIComponent(id)}/heartbeats`);
  /** New > Scanner Appliance: enter the activation code; the appliance becomes is_<username>. */
  activate = (activationCode: string, username: string) => this.call<ApplianceView>("POST", `${P}/activations`, { activationCode, username });
  setVlans = (id: string, vlans: Vlan[]) => this.call<ApplianceView>("PUT", `${P}/appliances/${encodeURIComponent(id)}/vlans`, { vlans });
  setStaticRoutes = (id: string, staticRoutes: StaticRoute[]) => this.call<ApplianceView>("PUT", `${P}/appliances/${encodeURIComponent(id)}/static-routes`, { staticRoutes });
  setIpv6Scanning = (id: string, ipv6Scanning: Ipv6Scanning) => this.call<ApplianceView>("PUT", `${P}/appliances/${encodeURIComponent(id)}/ipv6-scanning`, { ipv6Scanning });
  /** Disable (or enable again) an appliance: a disabled one is told "This Scanner is disabled". */
  setEnabled = (id: string, enabled: boolean) => this.call<ApplianceView>("PUT", `${P}/appliances/${encodeURIComponent(id)}/enabled`, { enabled });
  /** Remove an appliance from the subscription: polls naming its ID get "This scan_id does not exist". */
  removeAppliance = (id: string) => this.call<{ removed: string }>("DELETE", `${P}/appliances/${encodeURIComponent(id)}`);
  subscription = () => this.call<SubscriptionView>("GET", `${P}/subscription`);
  /** Expire (or renew) the subscription: every appliance is told "Account expired". */
  setSubscriptionExpired = (expired: boolean) => this.call<SubscriptionView>("PUT", `${P}/subscription`, { expired });
  setPollingInterval = (id: string, seconds: number) => this.call<ApplianceView>("PUT", `${P}/appliances/${encodeURIComponent(id)}/polling`, { seconds });
  /** Scans > Setup > Syslog Forwarding (subscription-wide). */
  syslog = () => this.call<SyslogForwarding>("GET", `${P}/syslog`);
  setSyslog = (syslog: SyslogInput) => this.call<SyslogForwarding>("PUT", `${P}/syslog`, { syslog });
  launchScan = (id: string, scan: LaunchScanRequest) => this.call<ScanView>("POST", `${P}/appliances/${encodeURIComponent(id)}/scans`, scan);
  scans = (applianceId?: string) => this.call<ScanView[]>("GET", `${P}/scans${applianceId ? `?appliance=${encodeURIComponent(applianceId)}` : ""}`);
  scan = (scanId: string) => this.call<ScanView>("GET", `${P}/scans/${encodeURIComponent(scanId)}`);
  cancelScan = (scanId: string) => this.call<ScanView>("POST", `${P}/scans/${encodeURIComponent(scanId)}/cancel`);
  pushUpdate = (id: string, target: Versions) => this.call<UpdateView>("POST", `${P}/appliances/${encodeURIComponent(id)}/updates`, target);
  updates = (applianceId?: string) => this.call<UpdateView[]>("GET", `${P}/updates${applianceId ? `?appliance=${encodeURIComponent(applianceId)}` : ""}`);
  /** Every HTTPS request the platform saw (faulted ones marked). */
  requests = () => this.call<RequestRecord[]>("GET", `${P}/requests`);
  fault = () => this.call<FaultView>("GET", `${P}/fault`);
  /** Make the live server misbehave on the next `count` connections (all until cleared, without count), from `from` only if given. */
  injectFault = (kind: FaultKind, scope: { count?: number; from?: string } = {}) => this.call<FaultView>("PUT", `${P}/fault`, { kind, ...scope });
  clearFault = () => this.call<FaultView>("DELETE", `${P}/fault`);

  /** Wait until the appliance with `serial` has polled and shows its activation code, then activate it (Quick Start, step 3). */
  async activateWhenSeen(serial: string, username: string, deadline: Deadline): Promise<ApplianceView> {
    const seen = await this.waitForAppliance((a) => a.serial === serial, deadline, `appliance ${serial} to poll the platform`);
    if (seen.activation === "activated") throw new PortalError(409, "POST /portal/v1/activations", { message: `Appliance ${serial} is already activated as ${seen.name}` });
    return this.activate(seen.activationCode, username);
  }

  /** Poll the appliances list until one satisfies `matches`. */
  waitForAppliance(matches: (a: ApplianceView) => boolean, deadline: Deadline, what = "an appliance in the list"): Promise<ApplianceView> {
    let last: ApplianceView[] = [];
    return pollUntil(
      async () => {
        last = await this.appliances();
        return last.find(matches);
      },
      deadline,
      { what, describeLast: () => JSON.stringify(last.map((a) => ({ id: a.id, serial: a.serial, activation: a.activation, status: a.status, busy: a.busy }))) },
    );
  }
}

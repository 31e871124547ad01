// The platform's whole state behind both APIs: appliances, jobs, subscription-wide syslog, and the views the portal shows.
import type { ApplianceSettings, PollResponse, SyslogForwarding, Versions } from "./api.ts";
import type { ApplianceView, RequestRecord } from "./portal-wire.ts";
import { AccountFile, loadAccount, type Account } from "./account.ts";
import { Jobs } from "./jobs.ts";
import { accountExpired, consoleVlanConflict, notActivated, scannerDisabled, unknownScanId, unregistered } from "./messages.ts";
import { Registry, parsePoll, type ApplianceRecord } from "./registry.ts";
import { parseIpv6, parseRoutes, parseSyslog, parseVlans } from "./settings.ts";
import { applianceView } from "./view.ts";

/** Platform-wide settings of the state. */
export interface StateOptions {
  seed: string;
  pollIntervalSeconds: number;
  latest: Versions;
  /** Heartbeat checks missed at which an appliance counts as offline. */
  offlineAfterMissed: number;
  /** Capacity each active scan takes, in percent. */
  scanCapacityPercent: number;
  /** Milliseconds since the epoch (injectable for tests). */
  clock?: () => number;
  /** The account file that outlives the lab (account.ts): loaded at start, rewritten on every change. Absent: the
   *  account lives and dies with this process (a fresh platform per lab). */
  accountFile?: string;
}

const REQUESTS_KEPT = 500;

/** Platform state; every method validates its input and throws PlatformError with the portal's message. */
export class PlatformState {
  readonly registry: Registry;
  readonly jobs = new Jobs();
  private syslog: SyslogForwarding = { enabled: false };
  private expired = false;
  private readonly requests: RequestRecord[] = [];
  private readonly clock: () => number;
  private readonly account: AccountFile | undefined;

  constructor(private readonly options: StateOptions) {
    this.registry = new Registry(options);
    this.clock = options.clock ?? Date.now;
    if (options.accountFile) {
      const kept = loadAccount(options.accountFile);
      if (kept) {
        this.registry.restore(kept.appliances);
        this.syslog = kept.syslog;
      }
      this.account = new AccountFile(options.accountFile);
      this.persist();
    }
  }

  /** What the account keeps: every appliance without its heartbeats, and the syslog forwarding. */
  accountSnapshot(): Account {
    return { version: 1, appliances: this.registry.all().map(({ heartbeats: _h, ...rest }) => structuredClone(rest)), syslog: { ...this.syslog } };
  }

  /** Write the account when it changed (no-op without an account file). Called by every method that changes it. */
  private persist(): void {
    this.account?.save(this.accountSnapshot());
  }

  /** `fn`'s result, with the account written after it (also when it threw after a change). */
  private changing<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.persist();
    }
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  /** A poll: registers unknown appliances, records a heartbeat, answers with the activation code or the work to do. */
  poll(body: unknown, sourceAddress: string, path: string): PollResponse {
    return this.changing(() => this.answerPoll(body, sourceAddress, path));
  }

  private answerPoll(body: unknown, sourceAddress: string, path: string): PollResponse {
    const req = parsePoll(body);
    if (this.expired) throw accountExpired();
    if (req.applianceId !== undefined && !this.registry.has(req.applianceId)) throw unknownScanId();
    const app = this.registry.findOrRegister(req, this.clock());
    if (!app.enabled) throw scannerDisabled();
    if (req.model !== undefined) app.model = req.model;
    if (req.versions) app.versions = { ...req.versions };
    // What the appliance reports is kept until it reports otherwise (consoleVlan 0: none).
    if (req.lanIpv4 !== undefined) app.lanIpv4 = req.lanIpv4;
    if (req.lanIpv6 !== undefined) app.lanIpv6 = req.lanIpv6;
    if (req.consoleVlan !== undefined) app.consoleVlan = req.consoleVlan || undefined;
    this.registry.beat(app, { at: this.now(), sourceAddress, path, ...(req.via ? { via: req.via } : {}) });
    const base = { applianceId: app.id, pollIntervalSeconds: app.pollIntervalSeconds };
    if (app.activatedAt === undefined) return { state: "activation-code", activationCode: app.activationCode, ...base };
    const update = this.jobs.openUpdate(app.id);
    return {
      state: "activated",
      ...base,
      name: app.name!,
      settings: this.settingsOf(app),
      scans: this.jobs.jobsForPoll(app.id, this.now()),
      versions: { ...app.latest },
      update: update ? { id: update.id, target: { ...update.target } } : null,
    };
  }

  /** The activated appliance a non-poll appliance request comes from (it must be activated). */
  activatedCaller(identity: { serial: string; mac: string }): ApplianceRecord {
    if (this.expired) throw accountExpired();
    const app = this.registry.find(identity);
    if (!app) throw unregistered(identity.serial, identity.mac);
    if (!app.enabled) throw scannerDisabled();
    if (app.activatedAt === undefined) throw notActivated(app.id);
    return app;
  }

  settingsOf(app: ApplianceRecord): ApplianceSettings {
    return { vlans: structuredClone(app.vlans), staticRoutes: structuredClone(app.staticRoutes), ipv6Scanning: { ...app.ipv6Scanning }, syslog: { ...this.syslog } };
  }

  private activated(id: string): ApplianceRecord {
    const app = this.registry.get(id);
    if (app.activatedAt === undefined) throw notActivated(id);
    return app;
  }

  activate(code: string, username: string): ApplianceView {
    return this.changing(() => this.view(this.registry.activate(code, username, this.clock()).id));
  }

  setVlans(id: string, input: unknown): ApplianceView {
    const app = this.activated(id);
    const vlans = parseVlans(input, app.serial);
    const clash = vlans.findIndex((v) => v.id === app.consoleVlan);
    if (clash >= 0) throw consoleVlanConflict(vlans[clash]!.id, clash);
    app.vlans = vlans;
    this.persist();
    return this.view(id);
  }

  setRoutes(id: string, input: unknown): ApplianceView {
    const app = this.activated(id);
    app.staticRoutes = parseRoutes(input);
    this.persist();
    return this.view(id);
  }

  setIpv6(id: string, input: unknown): ApplianceView {
    const app = this.activated(id);
    app.ipv6Scanning = parseIpv6(input);
    this.persist();
    return this.view(id);
  }

  setPolling(id: string, seconds: number): ApplianceView {
    this.registry.get(id).pollIntervalSeconds = seconds;
    this.persist();
    return this.view(id);
  }

  /** Enable or disable an appliance (disabled: "This Scanner is disabled"). */
  setEnabled(id: string, enabled: boolean): ApplianceView {
    this.registry.get(id).enabled = enabled;
    this.persist();
    return this.view(id);
  }

  /** Expire or renew the subscription (expired: "Account expired"). */
  setExpired(expired: boolean): { expired: boolean } {
    this.expired = expired;
    return { expired };
  }

  subscription(): { expired: boolean } {
    return { expired: this.expired };
  }

  setSyslog(input: unknown): SyslogForwarding {
    this.syslog = parseSyslog(input);
    this.persist();
    return { ...this.syslog };
  }

  getSyslog(): SyslogForwarding {
    return { ...this.syslog };
  }

  /** Remove an appliance from the subscription (its polls with its ID then get "This scan_id does not exist"). */
  removeAppliance(id: string): void {
    this.registry.remove(id);
    this.persist();
  }

  /** Launch a scan (activated appliances only). */
  launchScan(id: string, req: Parameters<Jobs["launch"]>[1]) {
    return this.jobs.launch(this.activated(id), req, this.now());
  }

  pushUpdate(id: string, target: Versions) {
    return this.jobs.pushUpdate(this.activated(id), target, this.now());
  }

  /** The appliance list row and preview pane of one appliance. */
  view(id: string): ApplianceView {
    const app = this.registry.get(id);
    return applianceView(app, {
      now: this.clock(), activeScans: this.jobs.activeScans(app.id), settings: this.settingsOf(app),
      offlineAfterMissed: this.options.offlineAfterMissed, scanCapacityPercent: this.options.scanCapacityPercent,
    });
  }

  /** The appliances list. */
  list(): ApplianceView[] {
    return this.registry.all().map((a) => this.view(a.id));
  }

  /** Log an HTTPS request or faulted connection (bounded). */
  record(entry: Omit<RequestRecord, "at">): void {
    this.requests.push({ at: this.now(), ...entry });
    if (this.requests.length > REQUESTS_KEPT) this.requests.shift();
  }

  requestLog(): RequestRecord[] {
    return [...this.requests];
  }
}

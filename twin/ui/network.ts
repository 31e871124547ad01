// The firmware's life on the network after a check reached the platform: polling (COMMUNICATION FAILURE and
// recovery), the platform's scans (S1), software updates (S2) and syslog forwarding, all from twin/network.
import type { PollAnswer } from "../network/check.ts";
import { Poller, type PollState } from "../network/poll.ts";
import { Scanner } from "../network/scan.ts";
import { forward, type SyslogSetting } from "../network/syslog.ts";
import { Updater, type Versions } from "../network/update.ts";
import { homeOutcome, type NetSession } from "../network/firmware.ts";
import type { TwinConfig } from "../state/config.ts";
import type { HomeStatus } from "./screen.ts";

/** How often the LED row is refreshed from the scanner and updater (real ms). */
const LED_REFRESH_MS = 50;

/** What the runtime tells the firmware. */
export interface NetEvents {
  /** The home status changed (name and IP, activation code, COMMUNICATION FAILURE). */
  status(s: HomeStatus): void;
  /** S1 (scan) or S2 (update) changed. */
  leds(s1: boolean, s2: boolean): void;
}

/** The home status of a poll state. */
export function pollStatus(s: PollState): HomeStatus {
  return s.kind === "communication-failure" ? { kind: "communication-failure" } : homeOutcome(s);
}

/** Polling, scans, updates and syslog of one successful check; stopped on a configuration change or power loss. */
export class NetRuntime {
  readonly scanner: Scanner;
  readonly updater: Updater;
  readonly poller: Poller;
  private readonly ledTimer: NodeJS.Timeout;
  private lit: [boolean, boolean] = [false, false];
  private pendingLog: string[] = [];
  private name: string;
  private stopping: Promise<void> | null = null;

  constructor(config: TwinConfig, private readonly session: NetSession, versions: Versions, private readonly events: NetEvents) {
    const { ctx, applied, outcome } = session;
    this.name = outcome.kind === "ready" ? outcome.name : "qualys-scanner";
    this.scanner = new Scanner(config, ctx, applied);
    this.updater = new Updater(config, ctx, applied, versions);
    this.poller = new Poller(config, ctx, applied, outcome, {
      onState: (s) => {
        this.pendingLog.push(s.kind === "communication-failure" ? "COMMUNICATION FAILURE" : "connection to the platform restored");
        if (s.kind === "ready") this.name = s.name;
        // The LEDs as they are now (the scans that timed out went dark) before the new status is drawn: the periodic
        // refresh alone may come after it on a loaded host.
        this.refreshLeds();
        events.status(pollStatus(s));
      },
      onAnswer: (a) => this.answer(a),
      scanning: () => this.scanner.s1,
      scansTimedOut: () => this.scanner.idle(),
      versions: () => this.updater.versions,
      scanIpv6: () => this.scanner.ipv6,
    });
    this.ledTimer = setInterval(() => this.refreshLeds(), LED_REFRESH_MS);
    this.answer(outcome.answer);
    this.poller.start();
  }

  /** Versions now running (after any installed update). */
  get versions(): Versions {
    return this.updater.versions;
  }

  /** S1 and S2 as lit now. */
  get leds(): readonly [boolean, boolean] {
    return [this.scanner.s1, this.updater.s2];
  }

  private answer(a: PollAnswer): void {
    for (const job of (a.scans ?? []) as { id?: string; action?: string; title?: string }[]) {
      if (job.action === "start") this.pendingLog.push(`scan ${job.id ?? "?"} started${job.title ? `: ${job.title}` : ""}`);
      if (job.action === "cancel") this.pendingLog.push(`scan ${job.id ?? "?"} cancelled by the platform`);
    }
    void Promise.all(this.scanner.handle(a)).then(() => this.refreshLeds());
    if (a.update) void this.updater.handle(a).then(() => this.pendingLog.push(`software ${this.updater.versions.software} installed`));
    const setting = (a.settings as { syslog?: SyslogSetting } | undefined)?.syslog;
    const texts = this.pendingLog.splice(0);
    if (setting?.enabled && texts.length) void forward(this.session.ctx, this.session.applied, setting, this.name, texts).catch(() => false);
    this.refreshLeds();
  }

  private refreshLeds(): void {
    const [s1, s2] = this.leds;
    if (s1 === this.lit[0] && s2 === this.lit[1]) return;
    this.lit = [s1, s2];
    this.events.leds(s1, s2);
  }

  /** Stop polling, cancel every running scan and wait until they have ended. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.ledTimer);
      this.scanner.cancelAll();
      await this.poller.stop();
      await this.scanner.idle();
    })();
    return this.stopping;
  }
}

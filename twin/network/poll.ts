// Polling: after a successful check the appliance polls the platform on the interval the platform returns (scaled).
// A failed poll shows COMMUNICATION FAILURE (when scans run: only once they have timed out); the next successful
// poll brings the activation code or the name and IP back ("How do I know the issue is resolved?").
import type { TwinConfig } from "../state/config.ts";
import type { Applied } from "./apply.ts";
import { answerOutcome, pollPlatform, resolveMgmt, type NetOutcome, type PollAnswer } from "./check.ts";
import { has, scaled, type NetContext } from "./context.ts";

/** What the home screen shows while polling. */
export type PollState = Extract<NetOutcome, { kind: "activation-code" | "ready" }> | { readonly kind: "communication-failure" };

/** What polling tells the rest of the appliance. */
export interface PollHooks {
  /** Every successful answer (scans, settings, updates are taken from it). */
  onAnswer?(answer: PollAnswer): void | Promise<void>;
  /** Each change of the home state. */
  onState?(state: PollState): void;
  /** True while scans run. */
  scanning?(): boolean;
  /** Resolves once the running scans have timed out (called after a failed poll while scanning). */
  scansTimedOut?(): Promise<void>;
  /** Versions to report with each poll. */
  versions?(): { software: string; signatures: string } | undefined;
  /** The LAN's IPv6 address for scanning (IPv4+v6 mode), reported with each poll. */
  scanIpv6?(): string | null;
}

/** Polls until stopped. */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private intervalSeconds: number;
  /** Polls made, successful or not. */
  polls = 0;
  state: PollState;
  /** The ID the platform gave this appliance (kept from its answers, sent with every later poll, as the stored one is
   *  after a reboot): a poll without it would register the serial anew once the portal has removed the appliance. */
  private applianceId: string | undefined;

  constructor(
    private readonly config: TwinConfig,
    private readonly ctx: NetContext,
    private readonly applied: Applied,
    initial: Extract<NetOutcome, { kind: "activation-code" | "ready" }>,
    private readonly hooks: PollHooks = {},
  ) {
    this.state = initial;
    this.applianceId = initial.answer.applianceId ?? config.applianceId;
    this.intervalSeconds = initial.answer.pollIntervalSeconds ?? 180;
  }

  /** Real milliseconds until the next poll. */
  get intervalMs(): number {
    return scaled(this.ctx, this.intervalSeconds * 1000, 50);
  }

  /** Start polling (the first poll one interval from now). */
  start(): this {
    this.schedule();
    return this;
  }

  /** Stop polling and wait for a poll in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce().then(() => undefined, () => undefined).finally(() => this.schedule());
    }, this.intervalMs);
  }

  /** One poll now (also used by tests and by a reboot-free activation). */
  async pollOnce(): Promise<PollState> {
    this.polls++;
    const r = await resolveMgmt(this.config, this.ctx, this.applied);
    const result = "condition" in r ? r : await pollPlatform(this.applianceId ? { ...this.config, applianceId: this.applianceId } : this.config, this.ctx, this.applied, r, this.hooks.versions?.(), this.hooks.scanIpv6?.());
    if ("condition" in result) {
      if (this.hooks.scanning?.() && this.hooks.scansTimedOut && !has(this.ctx, "comm-failure-before-scans-end")) await this.hooks.scansTimedOut();
      return this.set({ kind: "communication-failure" });
    }
    this.intervalSeconds = result.answer.pollIntervalSeconds ?? this.intervalSeconds;
    this.applianceId = result.answer.applianceId ?? this.applianceId;
    await this.hooks.onAnswer?.(result.answer);
    if (this.state.kind === "communication-failure" && has(this.ctx, "no-recovery")) return this.state;
    return this.set(answerOutcome(result.answer, this.applied, this.ctx) as PollState);
  }

  private set(s: PollState): PollState {
    const changed = s.kind !== this.state.kind;
    this.state = s;
    if (changed) this.hooks.onState?.(s);
    return s;
  }
}

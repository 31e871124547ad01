// The ports' PHYs while the box is powered on: every ~200 ms real time, each port the firmware configured re-reads its
// link partner's setting from the far end of its cable and drops or regains carrier at once, as a PHY renegotiates.
import type { NetContext } from "../network/context.ts";
import { PORT, renegotiate } from "../network/ifaces.ts";
import { stopPeerWatch } from "../network/peer.ts";
import type { TwinConfig } from "../state/config.ts";

/** Real milliseconds between two looks at the link partners (a PHY renegotiates at once; this is cheap). */
export const LINK_WATCH_MS = 200;

/** The port settings the watch enforces: LAN always, WAN only when the configuration uses it. */
export function watchedPorts(config: TwinConfig): { port: string; setting: string }[] {
  const ports: { port: string; setting: string }[] = [{ port: PORT.LAN, setting: config.ports.lan }];
  if (config.mode !== "ipv6only" && config.wan !== "none") ports.push({ port: PORT.WAN, setting: config.ports.wan });
  return ports;
}

/** Polls the link partners until stopped; a failed look is reported once per distinct message, never thrown. */
export class LinkWatch {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private stopped = false;
  private lastProblem = "";

  constructor(
    private readonly ctx: Promise<NetContext>,
    private readonly config: () => TwinConfig,
    private readonly report: (line: string) => void,
  ) {}

  /** Start looking (the first look at once). */
  start(): this {
    this.timer = setInterval(() => this.tick(), LINK_WATCH_MS);
    this.tick();
    return this;
  }

  /** Stop and wait for a look in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    stopPeerWatch();
  }

  private tick(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    this.running = this.look().finally(() => (this.busy = false));
  }

  private async look(): Promise<void> {
    try {
      const ctx = await this.ctx;
      for (const { port, setting } of watchedPorts(this.config())) {
        if (this.stopped) return;
        const changed = await renegotiate(ctx, port, setting);
        if (changed) this.report(`${port}: link ${changed} (setting ${setting})`);
      }
      this.lastProblem = "";
    } catch (error) {
      const problem = (error as Error).message;
      if (problem !== this.lastProblem) this.report(`link watch: ${problem}`);
      this.lastProblem = problem;
    }
  }
}

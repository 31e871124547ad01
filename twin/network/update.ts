// Software updates pushed from the portal: the poll answer's `update` names target versions; the appliance reports
// downloading, installing, installed over the management path with S2 lit meanwhile, and reports its new versions
// with the following polls.
import type { TwinConfig } from "../state/config.ts";
import type { Applied } from "./apply.ts";
import { mgmtRoute, resolveMgmt, type PollAnswer } from "./check.ts";
import { has, scaled, type NetContext } from "./context.ts";
import { post } from "./platform.ts";

/** Versions the appliance runs. */
export interface Versions {
  software: string;
  signatures: string;
}

/** Installs updates; `s2` is the update LED. */
export class Updater {
  private busy: string | null = null;
  constructor(private readonly config: TwinConfig, private readonly ctx: NetContext, private readonly applied: Applied, public versions: Versions) {}

  /** S2: lit while an update runs. */
  get s2(): boolean {
    return this.busy !== null && !has(this.ctx, "update-no-s2");
  }

  private async report(id: string, state: string): Promise<boolean> {
    const r = await resolveMgmt(this.config, this.ctx, this.applied);
    if ("condition" in r) return false;
    const res = await post(this.ctx, mgmtRoute(this.config, this.ctx, this.applied, r), `/appliance/v1/updates/${id}/status`, { serial: this.ctx.serial, mac: this.ctx.mac, state });
    return res.exit === 0 && res.http >= 200 && res.http < 300;
  }

  /** Take the update of a poll answer (if any, and not already running); resolves once it is installed. */
  async handle(answer: PollAnswer): Promise<void> {
    const u = answer.update;
    if (!u || this.busy === u.id) return;
    this.busy = u.id;
    try {
      for (const state of ["downloading", "installing"]) {
        if (!(await this.report(u.id, state))) return;
        await new Promise((r) => setTimeout(r, scaled(this.ctx, 2000, 20))); // the install's own duration, scaled
      }
      if (!has(this.ctx, "old-versions-reported")) this.versions = { ...u.target };
      await this.report(u.id, "installed");
    } finally {
      this.busy = null;
    }
  }
}

// Scan jobs and software updates: launched from the portal, picked up by polls, reported by the appliance.
import { z } from "zod";
import type { ScanJob, ScanStatusReport, ScanView, UpdateStatusReport, UpdateView, Versions } from "./api.ts";
import type { LaunchScanRequest } from "./portal-wire.ts";
import type { ApplianceRecord } from "./registry.ts";
import { PlatformError, badField, notFound, scanNotCancellable, scanNotForAppliance } from "./messages.ts";
import { parseOrThrow } from "./validate.ts";

const ACTIVE = new Set(["queued", "dispatched", "running", "canceling"]);
const pct = z.number({ error: "a percentage 0-100" }).min(0, "a percentage 0-100").max(100, "a percentage 0-100");
const scanStatus = z.object({
  state: z.enum(["running", "finished", "failed", "cancelled"], { error: '"running", "finished", "failed" or "cancelled"' }),
  progress: pct.optional(),
});
const scanResults = z.object({ results: z.array(z.unknown(), { error: "a list of result records" }) });
const updateStatus = z.object({
  state: z.enum(["downloading", "installing", "installed", "failed"], { error: '"downloading", "installing", "installed" or "failed"' }),
  message: z.string({ error: "a text" }).max(500, "a text of at most 500 characters").optional(),
});

/** Scans and updates of all appliances. */
export class Jobs {
  private readonly scans = new Map<string, ScanView>();
  private readonly updates = new Map<string, UpdateView>();
  private nextScan = 1;
  private nextUpdate = 1;

  /** Queue a scan on an activated appliance; vlanId/route must name one of its VLANs/static routes. */
  launch(app: ApplianceRecord, req: LaunchScanRequest, now: string): ScanView {
    if (req.vlanId !== undefined && !app.vlans.some((v) => v.id === req.vlanId)) {
      const ids = app.vlans.map((v) => v.id).join(", ") || "none";
      throw badField("scan.vlanId", `one of the appliance's VLANs (${ids})`, req.vlanId);
    }
    if (req.route !== undefined && !app.staticRoutes.some((r) => r.destination === req.route)) {
      const dests = app.staticRoutes.map((r) => r.destination).join(", ") || "none";
      throw badField("scan.route", `the destination of one of the appliance's static routes (${dests})`, req.route);
    }
    const id = `scan-${String(this.nextScan++).padStart(5, "0")}`;
    const scan: ScanView = { id, applianceId: app.id, ...req, targets: [...req.targets], state: "queued", launchedAt: now, updatedAt: now, progress: 0, results: [] };
    this.scans.set(id, scan);
    return scan;
  }

  scan(id: string): ScanView {
    const scan = this.scans.get(id);
    if (!scan) throw notFound("scan", id);
    return scan;
  }

  listScans(applianceId?: string): ScanView[] {
    return [...this.scans.values()].filter((s) => !applianceId || s.applianceId === applianceId);
  }

  /** Scans launched and not ended on this appliance (they take capacity and make it busy). */
  activeScans(applianceId: string): number {
    return this.listScans(applianceId).filter((s) => ACTIVE.has(s.state)).length;
  }

  /** Cancel from the portal: a scan not yet picked up ends at once; one on the appliance waits for its report. */
  cancel(id: string, now: string): ScanView {
    const scan = this.scan(id);
    if (scan.state === "queued") scan.state = "cancelled";
    else if (scan.state === "dispatched" || scan.state === "running") scan.state = "canceling";
    else if (scan.state !== "canceling") throw scanNotCancellable(id, scan.state);
    scan.updatedAt = now;
    return scan;
  }

  /** The jobs a poll hands to the appliance; queued scans become dispatched. */
  jobsForPoll(applianceId: string, now: string): ScanJob[] {
    const jobs: ScanJob[] = [];
    for (const s of this.listScans(applianceId)) {
      if (s.state === "queued") Object.assign(s, { state: "dispatched", updatedAt: now });
      if (s.state !== "dispatched" && s.state !== "canceling") continue;
      const job: ScanJob = { id: s.id, action: s.state === "canceling" ? "cancel" : "start", title: s.title, targets: [...s.targets] };
      if (s.vlanId !== undefined) job.vlanId = s.vlanId;
      if (s.route !== undefined) job.route = s.route;
      jobs.push(job);
    }
    return jobs;
  }

  private owned(app: ApplianceRecord, id: string): ScanView {
    const scan = this.scan(id);
    if (scan.applianceId !== app.id) throw scanNotForAppliance(id, app.id);
    return scan;
  }

  /** The appliance reports a scan's state. */
  reportScan(app: ApplianceRecord, id: string, body: unknown, now: string): ScanView {
    const report: Pick<ScanStatusReport, "state" | "progress"> = parseOrThrow(scanStatus, body, "scan status");
    const scan = this.owned(app, id);
    if (!ACTIVE.has(scan.state)) throw new PlatformError(409, `Scan ${id} already ended (${scan.state})`);
    if (report.state === "running" && scan.state === "canceling") {
      // Still running until the appliance acts on the cancel job; keep the cancel request.
    } else scan.state = report.state;
    if (report.progress !== undefined) scan.progress = report.progress;
    if (report.state === "finished") scan.progress = 100;
    scan.updatedAt = now;
    return scan;
  }

  /** The appliance uploads result records for a scan. */
  uploadResults(app: ApplianceRecord, id: string, body: unknown, now: string): ScanView {
    const { results } = parseOrThrow(scanResults, body, "scan results");
    const scan = this.owned(app, id);
    scan.results.push(...results);
    scan.updatedAt = now;
    return scan;
  }

  /** Push an update: the appliance's latest versions become `target`; it is offered on the next polls. */
  pushUpdate(app: ApplianceRecord, target: Versions, now: string): UpdateView {
    for (const u of this.updates.values()) if (u.applianceId === app.id && this.isOpen(u)) Object.assign(u, { state: "failed", message: "superseded", updatedAt: now });
    const update: UpdateView = { id: `update-${this.nextUpdate++}`, applianceId: app.id, target: { ...target }, state: "pending", pushedAt: now, updatedAt: now };
    this.updates.set(update.id, update);
    app.latest = { ...target };
    return update;
  }

  private isOpen(u: UpdateView): boolean {
    return u.state === "pending" || u.state === "downloading" || u.state === "installing";
  }

  /** The update a poll offers to this appliance, if any. */
  openUpdate(applianceId: string): UpdateView | undefined {
    return [...this.updates.values()].find((u) => u.applianceId === applianceId && this.isOpen(u));
  }

  listUpdates(applianceId?: string): UpdateView[] {
    return [...this.updates.values()].filter((u) => !applianceId || u.applianceId === applianceId);
  }

  /** The appliance reports an update's progress; "installed" makes the target its running versions. */
  reportUpdate(app: ApplianceRecord, id: string, body: unknown, now: string): UpdateView {
    const report: Pick<UpdateStatusReport, "state" | "message"> = parseOrThrow(updateStatus, body, "update status");
    const update = this.updates.get(id);
    if (!update) throw notFound("update", id);
    if (update.applianceId !== app.id) throw new PlatformError(403, `Update ${id} does not belong to appliance ${app.id}`);
    if (!this.isOpen(update)) throw new PlatformError(409, `Update ${id} already ended (${update.state})`);
    update.state = report.state;
    update.updatedAt = now;
    if (report.message !== undefined) update.message = report.message;
    if (report.state === "installed") app.versions = { ...update.target };
    return update;
  }
}

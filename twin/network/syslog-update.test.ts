// Syslog forwarding (UDP and TCP, server by address and by name) from the WAN in split mode, and a software update
// pushed from the portal: S2 lit while it runs, the new versions reported by the next poll.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Portal } from "../../harness/platform/portal.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import type { RunningSyslog } from "../../netns/services/syslog.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import type { Applied } from "./apply.ts";
import { connectionCheck, type PollAnswer } from "./check.ts";
import type { NetContext } from "./context.ts";
import { forward, type SyslogSetting } from "./syslog.ts";
import { Updater } from "./update.ts";
import { config, dutContext, labUp, portalSocket, preset } from "./testkit.ts";

let lab: Lab;
let ctx: NetContext;
let applied: Applied;
let answer: PollAnswer;
let portal: Portal;
const cfg = config({ wan: "dhcp", activated: true });
beforeAll(async () => {
  const t = await preset("split");
  t.name = "split-syslog";
  (t.hosts.cloud!.services as Record<string, unknown>).syslog = { port: 514 };
  const wanDns = (t.hosts.wanrtr!.services as Record<string, Record<string, Record<string, unknown[]>>>).dnsmasq!.dns!;
  wanDns.records!.push({ name: "syslog.lab.test", address: "10.77.9.10" });
  lab = await labUp(t);
  ctx = await dutContext(lab);
  portal = new Portal(portalSocket(lab));
  const first = await connectionCheck(cfg, ctx);
  if (first.outcome.kind !== "activation-code") throw new Error(JSON.stringify(first.outcome));
  await portal.activate(first.outcome.code, "sys");
  const ready = await connectionCheck(cfg, ctx, { applied: first.applied });
  if (ready.outcome.kind !== "ready") throw new Error(JSON.stringify(ready.outcome));
  applied = first.applied;
  answer = ready.outcome.answer;
}, 120_000);
afterAll(async () => {
  await lab?.down();
});

const setting = async (): Promise<SyslogSetting> => {
  const r = await connectionCheck(cfg, ctx, { applied });
  if (r.outcome.kind !== "ready") throw new Error(JSON.stringify(r.outcome));
  return (r.outcome.answer.settings as { syslog: SyslogSetting }).syslog;
};

describe("syslog forwarding", () => {
  it("off by default: nothing is sent; UDP by address and TCP by name arrive from the WAN address", async () => {
    const receiver = lab.service("cloud", "syslog").handle as RunningSyslog;
    expect(await forward(ctx, applied, await setting(), "is_sys", ["not sent"])).toBe(false);
    await portal.setSyslog({ enabled: true, protocol: "udp", server: "10.77.9.10" });
    expect(await forward(ctx, applied, await setting(), "is_sys", ["scan started udp"])).toBe(true);
    await portal.setSyslog({ enabled: true, protocol: "tcp", port: 514, server: "syslog.lab.test" });
    expect(await forward(ctx, applied, await setting(), "is_sys", ["scan started tcp"])).toBe(true);
    const udp = await receiver.waitFor({ protocol: "udp", contains: "scan started udp" }, Deadline.in(10_000));
    const tcp = await receiver.waitFor({ protocol: "tcp", contains: "scan started tcp" }, Deadline.in(10_000));
    expect(udp[0]!.source).toBe(applied.wan!.address);
    expect(tcp[0]!.source).toBe(applied.wan!.address);
    expect(await receiver.messages({ contains: "not sent" })).toHaveLength(0);
  }, 60_000);
});

describe("software update", () => {
  it("S2 lit while installing, installed on the platform, new versions reported", async () => {
    const id = answer.applianceId!;
    await portal.pushUpdate(id, { software: "6.7.21-1", signatures: "2.2.246-1" });
    const polled = await connectionCheck(cfg, ctx, { applied });
    if (polled.outcome.kind !== "ready") throw new Error(JSON.stringify(polled.outcome));
    const updater = new Updater(cfg, ctx, applied, { software: "6.7.20-1", signatures: "2.2.245-2" });
    const run = updater.handle(polled.outcome.answer);
    expect(updater.s2).toBe(true);
    await run;
    expect(updater.s2).toBe(false);
    expect((await portal.updates(id))[0]).toMatchObject({ state: "installed" });
    await connectionCheck(cfg, ctx, { applied, versions: updater.versions });
    const view = await pollUntil(async () => {
      const a = await portal.appliance(id);
      return a.versions?.software === "6.7.21-1" ? a : undefined;
    }, Deadline.in(10_000, "new versions on the platform"));
    expect(view.versions).toEqual({ software: "6.7.21-1", signatures: "2.2.246-1" });
  }, 60_000);
});

// Polling on the standard preset: the platform's interval (scaled), COMMUNICATION FAILURE when the path to the
// platform goes down, name-and-IP again once it is back; the no-recovery defect stays on COMMUNICATION FAILURE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Portal } from "../../harness/platform/portal.ts";
import { applyReject } from "../../netns/faults/index.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { connectionCheck } from "./check.ts";
import { Poller, type PollState } from "./poll.ts";
import { config, dutContext, labUp, portalSocket } from "./testkit.ts";
import type { NetDefectName } from "../defects.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await labUp("standard");
}, 90_000);
afterAll(async () => {
  await lab?.down();
});

async function readyPoller(defects: NetDefectName[], serial: string, states: string[]) {
  const ctx = await dutContext(lab, { defects, serial, timeScale: 0.01, mac: `02:51:00:00:00:${serial.slice(-2)}` });
  const portal = new Portal(portalSocket(lab));
  const first = await connectionCheck(config(), ctx);
  if (first.outcome.kind !== "activation-code") throw new Error(JSON.stringify(first.outcome));
  const view = await portal.activate(first.outcome.code, `u${serial}`);
  await portal.setPollingInterval(view.id, 60);
  const ready = await connectionCheck(config({ activated: true }), ctx, { applied: first.applied });
  if (ready.outcome.kind !== "ready") throw new Error(JSON.stringify(ready.outcome));
  return new Poller(config({ activated: true }), ctx, first.applied, ready.outcome, { onState: (s: PollState) => states.push(s.kind) }).start();
}

describe("polling", () => {
  it("polls at the scaled interval; COMMUNICATION FAILURE while the platform is unreachable; name and IP once it is back", async () => {
    const states: string[] = [];
    const poller = await readyPoller([], "40001", states);
    try {
      expect(poller.intervalMs).toBe(600);
      await pollUntil(() => (poller.polls >= 2 ? true : undefined), Deadline.in(20_000, "two polls"));
      const fault = await applyReject(lab.ns("lanrtr"), lab.prefix, { address: "10.77.9.10", port: 443 });
      try {
        await pollUntil(() => (poller.state.kind === "communication-failure" ? true : undefined), Deadline.in(20_000, "COMMUNICATION FAILURE"));
      } finally {
        await fault.remove();
      }
      await pollUntil(() => (poller.state.kind === "ready" ? true : undefined), Deadline.in(20_000, "name and IP again"));
      expect(states).toEqual(["communication-failure", "ready"]);
    } finally {
      await poller.stop();
    }
  }, 90_000);

  it("polls with the ID the platform gave: once the portal removes the appliance, no poll registers its serial anew", async () => {
    const states: string[] = [];
    const poller = await readyPoller([], "40003", states);
    const portal = new Portal(portalSocket(lab));
    try {
      const mine = (await portal.appliances()).find((a) => a.serial === "40003");
      expect(mine?.activation).toBe("activated");
      await portal.removeAppliance(mine!.id);
      await pollUntil(() => (poller.state.kind !== "ready" ? true : undefined), Deadline.in(20_000, "the poll after the removal"));
      // The refused poll is a failed poll (the home screen's text comes from the next connection check).
      expect(poller.state.kind).toBe("communication-failure");
      expect((await portal.appliances()).filter((a) => a.serial === "40003")).toEqual([]);
    } finally {
      await poller.stop();
    }
  }, 90_000);

  it("defect no-recovery: stays on COMMUNICATION FAILURE after the platform is back", async () => {
    const states: string[] = [];
    const poller = await readyPoller(["no-recovery"], "40002", states);
    try {
      const fault = await applyReject(lab.ns("lanrtr"), lab.prefix, { address: "10.77.9.10", port: 443 });
      try {
        await pollUntil(() => (poller.state.kind === "communication-failure" ? true : undefined), Deadline.in(20_000, "COMMUNICATION FAILURE"));
      } finally {
        await fault.remove();
      }
      const after = poller.polls;
      await pollUntil(() => (poller.polls >= after + 2 ? true : undefined), Deadline.in(20_000, "two more polls"));
      expect(poller.state.kind).toBe("communication-failure");
    } finally {
      await poller.stop();
    }
  }, 90_000);
});

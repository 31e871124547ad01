// A run of its own (no lab): created with its manifest, removed on close, and removed when an interrupt comes while
// it is still being created (the caller may never get it back: the process ends once the interrupt hooks have run).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { interruptHandled } from "./interrupt.ts";
import { SoloRun, SOLO_TOPOLOGY } from "./solo.ts";

// A listener of our own keeps this test process alive through the interrupt (interrupt.ts re-raises the signal only
// when nobody else listens for it): it stays until the interrupt has been handled.
const keep = () => undefined;
afterEach(async () => {
  await interruptHandled();
  process.removeListener("SIGTERM", keep);
});

describe("SoloRun", () => {
  it("creates its directory with a manifest owned by this process, and close removes it", async () => {
    const run = await SoloRun.create("solo-test");
    const m = JSON.parse(readFileSync(join(run.dir, "manifest.json"), "utf8"));
    expect([m.prefix, m.name, m.topology, m.owner.pid]).toEqual([run.prefix, "solo-test", SOLO_TOPOLOGY, process.pid]);
    await run.close();
    expect(existsSync(run.dir)).toBe(false);
  });

  it("an interrupt while it is being created removes it once its manifest is written", async () => {
    process.on("SIGTERM", keep);
    const creating = SoloRun.create("solo-interrupted");
    process.emit("SIGTERM", "SIGTERM");
    const run = await creating;
    await pollUntil(() => (existsSync(run.dir) ? undefined : true), Deadline.in(5_000, `run ${run.prefix} removed after the interrupt`), {
      describeLast: () => `${run.dir} still there`,
    });
    expect(existsSync(run.dir)).toBe(false);
  });
});

// vitest fixtures of the certification suite: `rig` opens sessions (lab, DUT, console, UI; or reuses the file's
// pooled one) and, after the test, passed or failed, closes them, attaches the evidence and records the waits.
import { test as base } from "vitest";
import { activePool, fileProjections, Rig } from "./rig.ts";

export { expect, describe } from "vitest";
export type { Session, SessionSpec } from "./rig.ts";
export { onTwin } from "./rig.ts";

/** The suite's `test`, with a `rig` per test. */
export const test = base.extend<{ rig: Rig }>({
  rig: async ({ task }, use) => {
    const rig = new Rig(`${task.file?.name.replace(/^.*\//, "").replace(/\.test\.ts$/, "") ?? "scenario"}-${task.name}`, activePool);
    try {
      await use(rig);
    } finally {
      fileProjections.push(...rig.projections());
      await rig.close();
    }
  },
});

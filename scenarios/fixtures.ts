// vitest fixtures of the certification suite: `rig` opens sessions (lab, DUT, console, UI) and, after the
// test, passed or failed, closes them and attaches transcripts, screen timelines and captures.
import { test as base } from "vitest";
import { Rig } from "./rig.ts";

export { expect, describe } from "vitest";
export type { Session, SessionSpec } from "./rig.ts";
export { onTwin } from "./rig.ts";

/** The suite's `test`, with a `rig` per test. */
export const test = base.extend<{ rig: Rig }>({
  rig: async ({ task }, use) => {
    const rig = new Rig(`${task.file?.name.replace(/^.*\//, "").replace(/\.test\.ts$/, "") ?? "scenario"}-${task.name}`);
    try {
      await use(rig);
    } finally {
      await rig.close();
    }
  },
});

// Deleting a run's namespaces: what cannot be deleted is named (never a silent leak), what can is gone.
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Deadline } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { Lab } from "./lab.ts";
import { sweep } from "./sweep.ts";
import { deleteNamespaces } from "./teardown.ts";
import { leftovers, NOTHING } from "./testkit/leftovers.ts";

// Names of this test's own (not a lab prefix: no sweeper takes them for a run's).
const base = `zztd${process.pid}`;
const real = `${base}-a`;
const stuck = `${base}-b`;

afterEach(async () => {
  await run("ip", ["netns", "del", real], { allowFailure: true });
  await rm(`/run/netns/${stuck}`, { recursive: true, force: true });
});

describe("deleteNamespaces", () => {
  it("deletes the namespaces given; absent ones are fine", async () => {
    await run("ip", ["netns", "add", real]);
    await deleteNamespaces([real, `${base}-absent`]);
    expect(existsSync(`/run/netns/${real}`)).toBe(false);
  });

  it("names each namespace it could not delete and what ip said, after trying again until its deadline", async () => {
    await run("ip", ["netns", "add", real]);
    // A directory where a namespace file should be: `ip netns del` cannot remove it.
    await mkdir(`/run/netns/${stuck}/held`, { recursive: true });
    const error = await deleteNamespaces([real, stuck], Deadline.in(300, "namespaces deleted")).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(new RegExp(`^namespaces ${stuck} could not be deleted in \\d+ ms; ip said: Cannot remove namespace file "/run/netns/${stuck}": Is a directory`));
    expect(existsSync(`/run/netns/${real}`)).toBe(false);
  });

  it("a lab whose namespace could not be deleted keeps its run directory, which a sweep removes once it can", async () => {
    const lab = await Lab.up("standard", { services: false });
    const held = `/run/netns/${lab.prefix}-held`;
    await mkdir(`${held}/x`, { recursive: true });
    try {
      const error = await lab.down().then(() => null, (e: Error) => e);
      expect(error?.message).toContain(`namespaces ${lab.prefix}-held could not be deleted`);
      expect(error?.message).toContain(`run directory of lab ${lab.name} (${lab.dir}) kept: its namespaces ${lab.prefix}-held remain`);
      expect(existsSync(join(lab.dir, "manifest.json"))).toBe(true);
    } finally {
      await rm(held, { recursive: true, force: true });
    }
    // What the run left is still its own: the sweep finds it by its record.
    const swept = await sweep(lab.prefix);
    expect(swept.removed.map((r) => r.prefix)).toEqual([lab.prefix]);
    expect(await leftovers(lab.prefix)).toEqual(NOTHING);
  });
});

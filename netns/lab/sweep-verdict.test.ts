// What the sweeper removes and keeps, and why, by manifest alone (no namespaces needed to decide).
import { describe, expect, it } from "vitest";
import type { Manifest } from "./manifest.ts";
import { identify } from "./proc.ts";
import { verdict } from "./sweep.ts";

const DEAD = { pid: 2 ** 22 + 17, startTime: 1 }; // above pid_max's default: no such process
const manifest = (over: Partial<Manifest>): Manifest =>
  ({ version: 1, prefix: "hx1", name: "lab", topology: "static", createdAt: "", owner: DEAD, detached: false, state: "up", hosts: {}, namespaces: [], processes: [], shims: [], ...over }) as Manifest;

describe("verdict", () => {
  it("removes a dead owner's run, keeps a live owner's, keeps a detached lab that is up", async () => {
    const me = (await identify(process.pid))!;
    expect(await verdict(manifest({}))).toEqual({ remove: true, reason: `owner ${DEAD.pid} is gone` });
    expect(await verdict(manifest({ owner: me }))).toEqual({ remove: false, reason: `owner ${process.pid} is alive` });
    expect(await verdict(manifest({ detached: true }))).toEqual({ remove: false, reason: "detached lab (remove it by name)" });
  });

  it("removes a detached lab whose builder died before it was up (hil lab up killed mid-build)", async () => {
    expect(await verdict(manifest({ detached: true, state: "building" }))).toEqual({ remove: true, reason: `detached lab left half-built: its builder ${DEAD.pid} died before it was up` });
    const me = (await identify(process.pid))!;
    expect(await verdict(manifest({ detached: true, state: "building", owner: me }))).toEqual({ remove: false, reason: "detached lab (remove it by name)" });
  });
});

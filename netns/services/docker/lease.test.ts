// The lease file: holders take turns, a dead holder's lease is taken over; and the daemon's per-checkout identity.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline } from "../../util/deadline.ts";
import { daemonPaths, dockerdArgs } from "./daemon.ts";
import { withLease } from "./lease.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("withLease", () => {
  it("runs holders one at a time", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-lease-"));
    dirs.push(dir);
    const file = join(dir, "x.lease");
    let inside = 0;
    let most = 0;
    const holder = () =>
      withLease(file, Deadline.in(10_000, "lease"), async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setImmediate(r));
        inside--;
      });
    await Promise.all([holder(), holder(), holder()]);
    expect(most).toBe(1);
  });

  it("takes over the lease of a holder that died, and names a live holder when it gives up", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-lease-"));
    dirs.push(dir);
    const file = join(dir, "y.lease");
    await writeFile(file, "999999999\n"); // no such process
    expect(await withLease(file, Deadline.in(5_000, "lease"), async () => "ran")).toBe("ran");
    await writeFile(file, `${process.ppid}\n`); // alive, and not us
    await expect(withLease(file, Deadline.in(300, "lease"), async () => "ran")).rejects.toThrow(`waiting for the lease ${file}; last seen: held by pid ${process.ppid}`);
  });
});

describe("the checkout's dockerd", () => {
  it("has paths of its own per checkout, and arguments that leave the host's network alone", () => {
    const a = daemonPaths("/work/a");
    const b = daemonPaths("/work/b");
    expect(a.key).toMatch(/^[0-9a-f]{10}$/);
    expect(a.socket).not.toBe(b.socket);
    expect(a.dataRoot).not.toBe(b.dataRoot);
    expect(a.socket).toBe(`/run/hil-docker/${a.key}/docker.sock`);
    const args = dockerdArgs(a);
    for (const flag of ["--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none", `--host=unix://${a.socket}`, `--data-root=${a.dataRoot}`]) expect(args).toContain(flag);
  });
});

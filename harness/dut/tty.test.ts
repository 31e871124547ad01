// A missing tty, a file that is no tty, and a tty held open by another process are each named before a run.
import { spawn } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { holders, ttyProblem } from "./tty.ts";

const dir = await mkdtemp(join(tmpdir(), "hil-tty-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("ttyProblem", () => {
  it("names a missing tty and a path that is not a character device", async () => {
    expect(await ttyProblem("lab3-a", "/dev/ttyUSB-hil-none")).toBe("lab3-a: tty /dev/ttyUSB-hil-none does not exist (is the USB-RS232 adapter plugged in? inventory field tty)");
    await writeFile(join(dir, "plain"), "");
    expect(await ttyProblem("lab3-a", join(dir, "plain"))).toBe(`lab3-a: tty ${join(dir, "plain")} is not a character device (inventory field tty)`);
  });

  it("names the pid and command of a process holding the device open", async () => {
    const file = join(dir, "held");
    await writeFile(file, "");
    const fh = await open(file, "r");
    const child = spawn("sleep", ["60"], { stdio: [fh.fd, "ignore", "ignore"] });
    await fh.close();
    try {
      let last: unknown = [];
      const seen = await pollUntil(async () => {
        const h = await holders(file);
        last = h;
        return h.some((x) => x.pid === child.pid) ? h : undefined;
      }, Deadline.in(10_000, `sleep (pid ${child.pid}) in the holders of ${file}`), { describeLast: () => JSON.stringify(last) });
      expect(seen).toContainEqual({ pid: child.pid, command: "sleep 60" });
    } finally {
      child.kill("SIGKILL");
    }
  });
});

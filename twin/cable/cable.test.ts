import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { Cable } from "./cable.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-cable-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the console cable", () => {
  it("a terminal that closes and opens again while the helper is not running is still a hangup and a new connection, before what it typed", async () => {
    const seen: string[] = [];
    const cable = await Cable.open(join(dir, "console"), {
      onConnect: () => seen.push("connect"),
      onHangup: () => seen.push("hangup"),
      onData: (d) => seen.push(`data ${d.toString()}`),
      onLost: (why) => seen.push(`lost ${why}`),
    });
    try {
      const until = (n: number, what: string) => pollUntil(() => (seen.length >= n ? true : undefined), Deadline.in(5_000, what), { describeLast: () => seen.join(", ") });
      let fd = openSync(join(dir, "console"), "r+");
      await until(1, "connect");
      // The helper is stopped: the close and the new open happen while it cannot look (a loaded machine).
      process.kill(cable.pid!, "SIGSTOP");
      try {
        closeSync(fd);
        fd = openSync(join(dir, "console"), "r+");
        writeSync(fd, "x");
      } finally {
        process.kill(cable.pid!, "SIGCONT");
      }
      await until(4, "hangup, connect and the typed byte");
      expect(seen).toEqual(["connect", "hangup", "connect", "data x"]);
      closeSync(fd);
      await until(5, "hangup");
      expect(seen.at(-1)).toBe("hangup");
    } finally {
      await cable.close();
    }
  });
});

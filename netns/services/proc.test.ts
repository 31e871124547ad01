import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { describeGroup } from "./proc.ts";
import { signalGroup } from "./process.ts";

describe("describing a process group for a stop that waits too long", () => {
  it("names each live member with its state, and says when none is left", async () => {
    const leader = spawn("sh", ["-c", "sleep 30 & wait"], { detached: true, stdio: "ignore" });
    const pgid = leader.pid!;
    try {
      const both = await pollUntil(
        async () => {
          const text = await describeGroup(pgid);
          return /\bsleep state S\b/.test(text) ? text : undefined;
        },
        Deadline.in(5_000, "sleep started"),
      );
      const members = both.split("; ");
      expect(members).toHaveLength(2);
      expect(members.find((m) => m.includes(" sh "))).toMatch(new RegExp(`^pid ${pgid} sh state S( in [\\w.]+)?$`));
      expect(members.find((m) => m.includes(" sleep "))).toMatch(/^pid \d+ sleep state S( in [\w.]+)?$/);
    } finally {
      signalGroup(pgid, "SIGKILL");
    }
    const after = await pollUntil(
      async () => ((await describeGroup(pgid)) === "no live member" ? "gone" : undefined),
      Deadline.in(5_000, "group gone"),
    );
    expect(after).toBe("gone");
  });
});

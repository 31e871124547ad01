import { describe, expect, it } from "vitest";
import { Deadline, DeadlineError, pollUntil } from "./deadline.ts";

describe("Deadline and pollUntil", () => {
  it("returns the first defined value of the probe", async () => {
    let calls = 0;
    const value = await pollUntil(() => (++calls >= 3 ? `ready after ${calls}` : undefined), Deadline.in(2000, "ready"));
    expect(value).toBe("ready after 3");
  });

  it("times out with what was awaited and what was last seen", async () => {
    let last = 0;
    const error = await pollUntil(() => {
      last++;
      return undefined;
    }, Deadline.in(120, "the LCD to show READY"), { describeLast: () => `probe ran ${last} times` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toMatch(/^Timed out after \d+ ms waiting for the LCD to show READY; last seen: probe ran \d+ times$/);
  });

  it("keeps the probe's last error as the cause", async () => {
    const error = await pollUntil(() => {
      throw new Error("connection refused");
    }, Deadline.in(50, "socket")).catch((e: unknown) => e as DeadlineError);
    expect(error.message).toContain("last seen: connection refused");
    expect((error.cause as Error).message).toBe("connection refused");
  });

  it("rejects a negative deadline and narrows with within()", () => {
    expect(() => Deadline.in(-1, "x")).toThrow("Expected a deadline of >= 0 ms for x, got -1");
    const outer = Deadline.in(1000);
    expect(outer.within(10).remaining).toBeLessThanOrEqual(10);
    expect(outer.within(5000).remaining).toBeLessThanOrEqual(1000);
  });
});

// Evidence directory names never collide, even for the suite's long names that share their first 80 characters.
import { describe, expect, it } from "vitest";
import { evidenceDirName } from "./evidence.ts";

describe("evidenceDirName", () => {
  it("keeps a readable prefix and adds a hash of the full name", () => {
    expect(evidenceDirName("Proxy Configuration > PROXY HOST shows the gateway")).toMatch(/^Proxy_Configuration_PROXY_HOST_shows_the_gateway-[0-9a-f]{8}$/);
    expect(evidenceDirName("a/b")).toBe(evidenceDirName("a/b"));
  });

  it("gives different names to names that differ only after the cut, or only in unsafe characters", () => {
    const common = "Appliance Network Errors > platform answers with an error the manual lists in its table of ";
    const a = evidenceDirName(`${common}E05`);
    const b = evidenceDirName(`${common}E07`);
    expect(a).not.toBe(b);
    expect(a.slice(0, -9)).toBe(b.slice(0, -9));
    expect(evidenceDirName("x: y")).not.toBe(evidenceDirName("x; y"));
    expect(a.length).toBeLessThanOrEqual(69);
  });

  it("gives distinct names to every scenario of the catalogue", async () => {
    const { SCENARIOS } = await import("../../scenarios/catalogue.ts");
    const names = SCENARIOS.map((s) => evidenceDirName(`${s.section} > ${s.behaviour}`));
    expect(new Set(names).size).toBe(SCENARIOS.length);
  });
});

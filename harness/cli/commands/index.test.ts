// Each command module in this folder is listed in COMMANDS, and each listed command loads with a summary.
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "./index.ts";

describe("COMMANDS", () => {
  it("lists every command module in harness/cli/commands/ (add one line to index.ts for a new command)", async () => {
    const files = (await readdir(import.meta.dirname)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts");
    expect(Object.keys(COMMANDS).sort()).toEqual(files.map((f) => f.slice(0, -3)).sort());
  });

  it("loads each with a one-line summary and a main", async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const m = await load();
      expect(typeof m.main, name).toBe("function");
      expect(m.summary, name).toMatch(/^[^\n]{10,}$/);
    }
  });
});

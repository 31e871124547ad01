// Each command module in this folder is listed in COMMANDS, each has a summary and each loads.
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { COMMANDS, summaryOf } from "./index.ts";

describe("COMMANDS", () => {
  it("lists every command module in harness/cli/commands/ (add one line to index.ts for a new command)", async () => {
    const files = (await readdir(import.meta.dirname)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts");
    expect(Object.keys(COMMANDS).sort()).toEqual(files.map((f) => f.slice(0, -3)).sort());
  });

  it("gives each a one-line summary and loads each with a main", async () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(command.summary, name).toMatch(/^[^\n]{10,}$/);
      expect(summaryOf(name)).toBe(command.summary);
      const m = await command.load();
      expect(typeof m.main, name).toBe("function");
    }
    expect(() => summaryOf("nope")).toThrow("no command 'nope' in harness/cli/commands/index.ts");
  });
});

// writeFileAtomic: the new content whole, the mode of a new file, and nothing left behind when the write fails.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-atomic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("replaces the content whole, a new file with mode 0600, and leaves no temporary file", () => {
    const file = join(dir, "state.json");
    writeFileAtomic(file, "first\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileAtomic(file, new TextEncoder().encode("second\n"));
    expect(readFileSync(file, "utf8")).toBe("second\n");
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("fails with the system's error when the rename cannot happen, removing its temporary file", () => {
    const target = join(dir, "a-directory");
    // A non-empty directory cannot be replaced by a file.
    mkdirSync(join(target, "inside"), { recursive: true });
    expect(() => writeFileAtomic(target, "x")).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});

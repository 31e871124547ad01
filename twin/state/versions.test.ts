// Installed versions: factory ones until an update is recorded; the record survives a new load; junk is ignored.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { loadVersions, saveVersions } from "./versions.ts";

const factory = { software: "6.7.20-1", signatures: "2.2.245-2" };
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("factory versions until an update is saved, then the saved ones; an unreadable record falls back", () => {
  dir = mkdtempSync(join(tmpdir(), "twin-versions-"));
  expect(loadVersions(dir, factory)).toEqual(factory);
  saveVersions(dir, { software: "6.7.21-1", signatures: "2.2.246-1" });
  expect(loadVersions(dir, factory)).toEqual({ software: "6.7.21-1", signatures: "2.2.246-1" });
  writeFileSync(join(dir, "versions.json"), "{not json");
  expect(loadVersions(dir, factory)).toEqual(factory);
});

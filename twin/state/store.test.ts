import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StateStore } from "./store.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const stateDir = () => {
  const d = mkdtempSync(join(tmpdir(), "twin-store-"));
  dirs.push(d);
  return d;
};

describe("state store", () => {
  it("names the state file, the field, expected and found for a configuration that fails its check", () => {
    const dir = stateDir();
    const store = new StateStore(dir);
    store.save(store.load());
    writeFileSync(join(dir, "config.json"), JSON.stringify({ ...store.load(), mode: "ipv5" }));
    expect(() => store.load()).toThrow(new RegExp(`^twin: Invalid twin configuration in state file ${join(dir, "config.json")} at mode: expected one of .*, found "ipv5"$`));
  });

  it("names the file that is not JSON", () => {
    const dir = stateDir();
    writeFileSync(join(dir, "config.json"), "{");
    expect(() => new StateStore(dir).load()).toThrow(`twin: state file ${join(dir, "config.json")} is not a valid twin configuration: not JSON`);
  });
});

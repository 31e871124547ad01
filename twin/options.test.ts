// Command-line validation: clear errors naming the option, what was expected and what was given.
import { describe, expect, it } from "vitest";
import { parseOptions, PLATFORM_URL } from "./options.ts";
import { platformOf } from "./network/firmware.ts";
import { DEFECTS, DEFECT_NAMES } from "./defects.ts";

const base = ["--console", "/tmp/c", "--state", "/tmp/s"];

describe("twin options", () => {
  it("parses a full command line into frozen options", () => {
    const o = parseOptions([...base, "--netns", "hilabcde-dut", "--model", "legacy", "--time-scale", "0.5", "--no-pace", "--defect", "no-rename", "--defect", "drop-keys", "--mac", "00:11:22:33:44:55", "--platform-url", "https://qualys.example:8443"]);
    expect(o).toMatchObject({ console: "/tmp/c", state: "/tmp/s", netns: "hilabcde-dut", model: "legacy", timeScale: 0.5, pace: false, mac: "00:11:22:33:44:55", platformUrl: "https://qualys.example:8443" });
    expect([...o.defects]).toEqual(["no-rename", "drop-keys"]);
    expect(Object.isFrozen(o)).toBe(true);
  });

  it("defaults: current model, time scale 1, paced, a stable MAC from the state dir", () => {
    const a = parseOptions(base);
    expect(a).toMatchObject({ model: "current", timeScale: 1, pace: true, netns: undefined });
    expect(a.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(parseOptions(base).mac).toBe(a.mac);
  });

  it("--platform-ca: the box trusts that CA and reaches the platform by its fixed URL (or --platform-url)", async () => {
    const o = parseOptions([...base, "--platform-ca", "/var/lib/hil/ca/ca.crt"]);
    expect(PLATFORM_URL).toBe("https://qualysguard.qualys.test");
    expect(await platformOf(o)).toEqual({ url: PLATFORM_URL, caCert: "/var/lib/hil/ca/ca.crt" });
    expect(await platformOf(parseOptions([...base, "--platform-ca", "/ca.crt", "--platform-url", "https://qg.example:8443"]))).toEqual({ url: "https://qg.example:8443", caCert: "/ca.crt" });
    expect(await platformOf(parseOptions([...base, "--platform-url", "https://qg.example"]))).toEqual({ url: "https://qg.example", caCert: null });
    expect(await platformOf(parseOptions(base))).toBeNull();
  });

  it("--off starts the box powered off, and needs the control socket to be powered on", () => {
    expect(parseOptions([...base, "--control", "/tmp/s.sock", "--off"]).startOff).toBe(true);
    expect(parseOptions(base).startOff).toBe(false);
    expect(() => parseOptions([...base, "--off"])).toThrow("twin: --off needs --control (the only way to power the box on)");
  });

  it.each([
    [[...base, "--platform-ca", "/ca.crt", "--platform-endpoint", "/e.json"], "twin: --platform-ca and --platform-endpoint exclude each other (the endpoint names its own CA)"],
    [["--console", "/tmp/c"], "twin: missing required option --state (the state directory)"],
    [[...base, "--bogus"], "twin: unknown option '--bogus'"],
    [[...base, "--time-scale"], "twin: expected a value after --time-scale, got nothing"],
    [[...base, "--time-scale", "fast"], "twin: expected --time-scale to be a number, got 'fast'"],
    [[...base, "--time-scale", "0"], "twin: expected --time-scale to be a number > 0, got 0"],
    [[...base, "--model", "old"], 'twin: expected --model to be one of current, legacy, got "old"'],
    [[...base, "--mac", "zz"], 'twin: expected --mac to be a MAC address like 00:50:56:aa:bb:cc, got "zz"'],
    [[...base, "--console", "/tmp/d"], "twin: --console given twice"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it("names every defect in the catalogue, each with what it breaks", () => {
    expect(() => parseOptions([...base, "--defect", "nope"])).toThrow(/expected --defect to be one of prompt-typo, .*got "nope"/);
    expect(new Set(DEFECT_NAMES).size).toBe(DEFECTS.length);
    for (const d of DEFECTS) expect(d.breaks.length).toBeGreaterThan(10);
  });
});

// The inventory's platform setting: schema, lab options, the skip reason, and activation against the real platform.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import type { Lcd } from "../console/lcd.ts";
import { activateUpstream, activationCodeOn, ActivationError, emulatorSkipReason, labOptionsFor, platformSettingSchema, upstreamSettingSchema } from "./trust.ts";

const dir = await mkdtemp(join(tmpdir(), "hil-trust-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const upstream = upstreamSettingSchema.parse({ mode: "upstream", uplink: "enp5s0", url: "https://qualysguard.qg2.apps.qualys.com", dns: ["192.0.2.53"], activate: `printf %s {code} > ${dir}/code` });
const lcd = (l1: string, l2: string): Lcd => ({ lines: [l1.padEnd(20), l2.padEnd(20)], text: `${l1} ${l2}`.trim(), cursor: null, nav: { enter: true, left: false, right: false, up: false, down: false }, leds: { s1: false, s2: false, s3: false }, mac: null, blank: false });

describe("platform setting", () => {
  it("emulator mode signs with the inventory's CA, or /var/lib/hil/ca by default; no setting keeps the lab's fresh CA", () => {
    expect(labOptionsFor(platformSettingSchema.parse({ mode: "emulator" }))).toEqual({ platformCa: { cert: "/var/lib/hil/ca/ca.crt", key: "/var/lib/hil/ca/ca.key" } });
    expect(labOptionsFor(platformSettingSchema.parse({ mode: "emulator", ca: { cert: "/srv/ca.crt", key: "/srv/ca.key" } }))).toEqual({ platformCa: { cert: "/srv/ca.crt", key: "/srv/ca.key" } });
    expect(labOptionsFor(undefined)).toEqual({});
  });

  it("upstream mode gives the lab its uplink, URL and resolvers (not the activation command)", () => {
    expect(labOptionsFor(upstream)).toEqual({ upstream: { uplink: "enp5s0", url: "https://qualysguard.qg2.apps.qualys.com", dns: ["192.0.2.53"] } });
  });

  it("rejects unknown keys and an activation command without {code}", () => {
    expect(platformSettingSchema.safeParse({ mode: "emulator", uplink: "x" }).success).toBe(false);
    const r = platformSettingSchema.safeParse({ ...upstream, activate: "activate-it" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("a shell command containing {code}");
  });

  it("scenarios needing the emulator skip for an upstream appliance, with the reason", () => {
    expect(emulatorSkipReason("lab3-a", upstream)).toBe("needs the platform emulator; appliance lab3-a uses the upstream platform");
    expect(emulatorSkipReason("lab3-a", { mode: "emulator" })).toBeNull();
    expect(emulatorSkipReason("lab3-a", undefined)).toBeNull();
  });
});

describe("activation against the upstream platform", () => {
  it("reads the code from the ACTIVATION CODE screen only", () => {
    expect(activationCodeOn(lcd("ACTIVATION CODE", "724837106307"))).toBe("724837106307");
    expect(activationCodeOn(lcd("is_jdoe", "10.77.1.100"))).toBeNull();
  });

  it("runs the configured command with {code} replaced", async () => {
    expect(await activateUpstream({ appliance: "lab3-a", setting: upstream, code: "724837106307", deadline: Deadline.in(10_000) })).toBe(`ran \`printf %s 724837106307 > ${dir}/code\``);
    expect(await readFile(join(dir, "code"), "utf8")).toBe("724837106307");
  });

  it("a failing command is reported with its exit code and output", async () => {
    const failing = { ...upstream, activate: "echo refused {code} >&2; exit 3" };
    await expect(activateUpstream({ appliance: "lab3-a", setting: failing, code: "724837106307", deadline: Deadline.in(10_000) })).rejects.toThrow(
      "Appliance lab3-a: activation command `echo refused 724837106307 >&2; exit 3` failed (exit 3); output: refused 724837106307",
    );
  });

  it("refuses a code that is not one (nothing reaches the shell)", async () => {
    await expect(activateUpstream({ appliance: "lab3-a", setting: upstream, code: "1; rm -rf /", deadline: Deadline.in(1000) })).rejects.toThrow(ActivationError);
  });

  it("without a command asks the operator on a terminal and waits for ENTER; without a terminal says what to do", async () => {
    const { activate: _a, ...manual } = upstream;
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = "";
    output.on("data", (d) => (asked += String(d)));
    const done = activateUpstream({ appliance: "lab3-a", setting: manual, code: "724837106307", deadline: Deadline.in(10_000), io: { input, output, isTTY: true } });
    await new Promise((r) => setImmediate(r));
    expect(asked).toContain("Activate appliance lab3-a on https://qualysguard.qg2.apps.qualys.com with activation code 724837106307, then press ENTER");
    input.write("\n");
    expect(await done).toBe("operator confirmed activation of 724837106307");
    await expect(activateUpstream({ appliance: "lab3-a", setting: manual, code: "724837106307", deadline: Deadline.in(1000), io: { input, output, isTTY: false } })).rejects.toThrow(
      "Appliance lab3-a uses the upstream platform (https://qualysguard.qg2.apps.qualys.com) and its inventory entry has no platform.activate command",
    );
  });
});

// The box's self-description: line settings and timings derived from the twin's own constants.
import { describe as suite, expect, it } from "vitest";
import { parseOptions } from "../options.ts";
import { command } from "./control.ts";
import { CONSOLE_LINE, describe, scalesAt, timingsAt } from "./describe.ts";
import type { Box } from "./box.ts";

suite("self-description", () => {
  it("the console line is the manual's 9600 8N2 with the twin's screen profile", () => {
    expect(CONSOLE_LINE).toEqual({ profile: "twin", baud: 9600, dataBits: 8, parity: "none", stopBits: 2 });
  });

  it("at time scale 1: a 2 min boot (+20 s unclean fsck), 2 s messages, a 62 s worst-case check, 12 ms keys", () => {
    expect(timingsAt(1)).toEqual({ bootMs: 140_000, messageMs: 2_000, checkMs: 62_000, keyMs: 12 });
  });

  it("at 0.01 the real floors hold (readable messages, whole udhcpc seconds, curl's 1.5 s)", () => {
    expect(timingsAt(0.01)).toEqual({ bootMs: 400 + 400 + 500 + 450, messageMs: 400, checkMs: 500 + 3 * 1000 + 4 * 400 + 1500, keyMs: 1 });
  });

  it("each kind's scale is its timing here over its timing at scale 1: at 0.01 the floors make them larger", () => {
    // boot 1750 / 140000, check 6600 / 62000, message 400 / 2000
    expect(scalesAt(0.01)).toEqual({ boot: 0.0125, check: 0.1065, message: 0.2 });
    expect(scalesAt(1)).toEqual({ boot: 1, check: 1, message: 1 });
  });

  it("the control socket's describe answers with model, serial, MAC, line and timings", () => {
    const options = parseOptions(["--console", "/tmp/c", "--state", "/tmp/s", "--time-scale", "0.5", "--serial", "40001", "--mac", "02:51:00:00:00:09", "--model", "legacy"]);
    const answer = JSON.parse(command({ options } as Box, "describe"));
    expect(answer).toMatchObject({ model: "legacy", serial: "40001", mac: "02:51:00:00:00:09", timeScale: 0.5, console: CONSOLE_LINE, timings: timingsAt(0.5) });
    expect(Object.keys(answer.sources).sort()).toEqual(["bootMs", "checkMs", "keyMs", "messageMs", "scales"]);
    expect(answer.scales).toEqual(scalesAt(0.5));
    expect(describe(options).timings.bootMs).toBe(70_000);
  });
});

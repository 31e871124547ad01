// Every field of every oracle flow has a place in the twin's configuration (an oracle change that adds
// a field fails here, not on a console), and pre-fills follow the oracle's Prefill rules.
import { describe, expect, it } from "vitest";
import { flows, type FieldStep } from "../../fixtures/manual/index.ts";
import { factoryDefaults } from "../state/config.ts";
import { isBound, prefillValue, storeValues } from "./bindings.ts";

const fieldSteps = Object.values(flows).flatMap((f) => f.steps.filter((s): s is FieldStep => s.kind === "field").map((s) => ({ flow: f, step: s })));

describe("field bindings", () => {
  it("binds every field prompt of every flow", () => {
    expect(fieldSteps.length).toBeGreaterThan(20);
    expect(fieldSteps.filter(({ step }) => !isBound(step.prompt)).map(({ step }) => step.prompt)).toEqual([]);
  });

  it("pre-fills an unset field from the oracle and a stored one from the configuration", () => {
    const ip = fieldSteps.find(({ step }) => step.prompt === "LAN IP ADDR")!;
    const config = factoryDefaults();
    expect(prefillValue(ip.step, config, {})).toBe("000.000.000.000");
    storeValues(ip.flow, new Map([["LAN IP ADDR", "010.001.002.003"]]), config);
    expect(prefillValue(ip.step, config, {})).toBe("010.001.002.003");
  });

  it("PROXY HOST starts with the gateway: the static LAN gateway, else the learned one", () => {
    const host = fieldSteps.find(({ step }) => step.prompt === "PROXY HOST")!;
    const config = factoryDefaults();
    expect(prefillValue(host.step, config, { gateway: "192.168.7.1" })).toBe("192.168.7.1");
    storeValues(host.flow, new Map(), config);
    config.lan = "static";
    config.lanStatic = { ip: "010.001.002.003", netmask: "255.255.255.000", gateway: "010.001.002.001", dns1: "", dns2: "", wins1: "", wins2: "", domain: "" };
    expect(prefillValue(host.step, config, { gateway: "192.168.7.1" })).toBe("10.1.2.1");
  });
});

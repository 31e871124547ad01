// The messages a user reads: the manual's screens named (or named as missing), the manual's words quoted, readings kept.
import { describe, expect, it } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { insertedChars } from "./classify.ts";
import { Deviation, LabFault, NO_EVIDENCE, screenTextIn } from "./outcome.ts";
import { isLossOf, nearestScreen, placeName, placeOf } from "./place.ts";
import { expectPoll } from "./poll.ts";

describe("the manual's places", () => {
  it("an error row: its chapter, section and the row's words", () => {
    const p = placeOf("LAN DNS server not reachable")!;
    expect(placeName(p)).toBe("Troubleshooting, Appliance Network Errors");
    expect(p.quote).toBe("LAN DNS server not reachable — Ensure LAN interface has network connectivity to its configured DNS servers.");
  });
  it("a text the manual does not have: none, and its nearest screen", () => {
    expect(placeOf("LAN DNS server unreachable")).toBeNull();
    expect(nearestScreen("LAN DNS server unreachable")).toBe("LAN DNS server not reachable");
  });
  it("lost characters are a loss; a changed word is not", () => {
    expect(isLossOf("LAN has no IPv4 adress", "LAN has no IPv4 address")).toBe(true);
    expect(isLossOf("LAN DNS server unreachable", "LAN DNS server not reachable")).toBe(false);
    expect(insertedChars("LAN has o IPv4  S address", "LAN has no IPv4 address")).toBe(" S ");
    expect(insertedChars("LAN DNS server unreachable", "LAN DNS server not reachable")).toBe("u");
  });
  it("reads a screen text out of the driver's quoting", () => {
    expect(screenTextIn('"LAN has no IPv4 address"')).toBe("LAN has no IPv4 address");
    expect(screenTextIn('unknown screen "LAN DNS server unreachable"')).toBe("LAN DNS server unreachable");
    expect(screenTextIn("activation code 1234")).toBeUndefined();
  });
});

describe("outcome messages", () => {
  it("a screen the manual does not have is named as such, with the expected screen and its place", () => {
    const d = new Deviation({ device: "twin", step: "connection check", expected: "'LAN DNS server not reachable'", shown: "'LAN DNS server unreachable'", expectedText: "LAN DNS server not reachable", shownText: "LAN DNS server unreachable" }, NO_EVIDENCE);
    expect(d.headline).toBe("DEVIATION from the manual on twin at connection check: shown 'LAN DNS server unreachable', which is no screen of the manual; expected 'LAN DNS server not reachable' (Troubleshooting, Appliance Network Errors)");
    expect(d.message.split("\n")[1]).toBe('  the manual (Troubleshooting, Appliance Network Errors): "LAN DNS server not reachable — Ensure LAN interface has network connectivity to its configured DNS servers."');
    expect(d.againstFirmware).toBe(true);
  });
  it("an outcome other than a deviation is not against the firmware and quotes the error it came from", () => {
    const l = new LabFault("the lab could not produce the condition", "dnsmasq exited", NO_EVIDENCE, { cause: new Error("Could not start dnsmasq in namespace x: exit 2\nlog...") });
    expect(l.againstFirmware).toBe(false);
    expect(l.message).toBe("LAB FAULT (not the firmware): the lab could not produce the condition: dnsmasq exited\n  from: Could not start dnsmasq in namespace x: exit 2");
  });
});

describe("expectPoll", () => {
  it("returns as soon as the reading is the expected state", async () => {
    let n = 0;
    const reads = ["CONTACTING QUALYS", "CONTACTING QUALYS", "LAN has no IPv4 address"];
    const v = await expectPoll({ device: "twin", step: "s", expected: "x", read: () => reads[Math.min(n++, 2)]!, accept: (t) => t === "LAN has no IPv4 address", show: (t) => ({ shown: t }), deadline: Deadline.in(5_000), evidence: () => NO_EVIDENCE });
    expect(v).toBe("LAN has no IPv4 address");
    expect(n).toBe(3);
  });
  it("fails at the deadline with every distinct reading, the expected screen and its place", async () => {
    let n = 0;
    const error = await expectPoll({
      device: "twin", step: "connection check", expected: "'LAN has no IPv4 address'", expectedText: "LAN has no IPv4 address",
      read: () => (n++ < 2 ? "CONTACTING QUALYS" : "LAN has no DNS servers"), accept: () => false,
      show: (t) => ({ shown: `'${t}'`, shownText: t }), deadline: Deadline.in(400), evidence: () => NO_EVIDENCE, steps: [0, 20, 50],
    }).then(() => null, (e: unknown) => e as Deviation);
    expect(error).toBeInstanceOf(Deviation);
    expect(error!.headline).toMatch(/^DEVIATION from the manual on twin at connection check \(polled 0\.\d s\): shown 'LAN has no DNS servers' \(Troubleshooting, Appliance Network Errors\); expected 'LAN has no IPv4 address' \(Troubleshooting, Appliance Network Errors\)$/);
    expect(error!.message).toMatch(/\n  readings until the deadline \(2\):\n    0\.\d{3}s 'CONTACTING QUALYS'\n    0\.\d{3}s 'LAN has no DNS servers'$/);
  });
});

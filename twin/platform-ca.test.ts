// --platform-ca: a box that knows no lab reaches the platform by its fixed URL, resolved by the DNS its network gives
// (the lab's dnsmasq), trusting only the CA of its own configuration: the lab's CA gets the activation code; another CA
// (the system's public bundle) gets "SSL peer cert was not OK".
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lab } from "../netns/lab/lab.ts";
import { labUp } from "./network/testkit.ts";
import { session, text } from "./testing/session.ts";

let lab: Lab;
let labCa: string;
beforeAll(async () => {
  lab = await labUp("standard");
  labCa = (JSON.parse(await readFile(lab.platform!.endpointFile, "utf8")) as { caCert: string }).caCert;
}, 90_000);
afterAll(async () => {
  await lab?.down();
});

describe("--platform-ca (the box's own trust)", () => {
  it("with the lab's CA: the fixed URL resolves through the lab's DNS and the platform answers (activation code)", async () => {
    const t = await session(["--netns", lab.ns("dut"), "--platform-ca", labCa]);
    try {
      const s = await t.c.screen();
      expect(s.lcd[0].trim()).toBe("ACTIVATION CODE");
      expect(s.lcd[1].trim()).toMatch(/\S{4,}/);
    } finally {
      await t.close();
    }
  }, 60_000);

  it("with a CA that did not sign the platform's certificate: SSL peer cert was not OK", async () => {
    const t = await session(["--netns", lab.ns("dut"), "--platform-ca", "/etc/ssl/certs/ca-certificates.crt"]);
    try {
      expect(text(await t.c.screen())).toBe("SSL peer cert was not OK");
    } finally {
      await t.close();
    }
  }, 60_000);
});

// The power drivers behind PowerControl, from the inventory's `power` field: the schema's strict errors, and each
// driver's failure naming the appliance, the action and the cause (real sockets, a real HTTP server, real shells).
import { createServer as createHttp } from "node:http";
import { createServer as createUnix } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseInventory } from "./inventory.ts";
import { powerOf } from "./power.ts";
import { pdudaemonUrl } from "./power-pdudaemon.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-power-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const withPower = (power: unknown) => ({ version: 1, appliances: [{ name: "a1", tty: "/dev/ttyUSB0", lan: "enp3s0", model: "current", serial: "Q-1", power }] });
const load = (power: unknown) => parseInventory(withPower(power), "lab.yaml").appliances[0]!.power;

describe("inventory power field", () => {
  it("takes none, commands (cut defaults to off), pdudaemon and a twin box's control socket", () => {
    expect(load("none")).toBe("none");
    expect(load({ command: { on: "pdu on 3", off: "pdu off 3" } })).toEqual({ command: { on: "pdu on 3", off: "pdu off 3", cut: "pdu off 3" } });
    expect(load({ pdudaemon: { url: "http://pdu-host:16421/", hostname: "rack3", port: 4 } })).toEqual({ pdudaemon: { url: "http://pdu-host:16421", hostname: "rack3", port: 4 } });
    expect(load({ twin: { control: "/run/hil/hil1234/control.sock" } })).toEqual({ twin: { control: "/run/hil/hil1234/control.sock" } });
  });

  it.each([
    ["a string outlet", { pdudaemon: { url: "http://h:16421", hostname: "rack3", port: "4" } }, 'Invalid inventory lab.yaml at appliances[0].power.pdudaemon.port: expected number, found "4"'],
    ["outlet 0", { pdudaemon: { url: "http://h:16421", hostname: "rack3", port: 0 } }, "Invalid inventory lab.yaml at appliances[0].power.pdudaemon.port: expected an outlet number (a positive integer), found 0"],
    ["a URL without scheme", { pdudaemon: { url: "h:16421", hostname: "rack3", port: 1 } }, 'Invalid inventory lab.yaml at appliances[0].power.pdudaemon.url: expected an http(s) URL of the daemon, like http://127.0.0.1:16421, found "h:16421"'],
    ["a missing hostname", { pdudaemon: { url: "http://h", port: 1 } }, "Invalid inventory lab.yaml at appliances[0].power.pdudaemon.hostname: expected string, found nothing"],
    ["an unknown pdudaemon key", { pdudaemon: { url: "http://h", hostname: "p", port: 1, delay: 5 } }, 'Invalid inventory lab.yaml at appliances[0].power.pdudaemon: expected no key "delay" (allowed: url, hostname, port), found "delay"'],
    ["a relative control socket", { twin: { control: "control.sock" } }, 'Invalid inventory lab.yaml at appliances[0].power.twin.control: expected the absolute path of the box\'s control socket, found "control.sock"'],
    ["an empty on command", { command: { on: "", off: "x" } }, 'Invalid inventory lab.yaml at appliances[0].power.command.on: expected a non-empty shell command line, found ""'],
    ["an unknown driver", { relay: { gpio: 4 } }, 'Invalid inventory lab.yaml at appliances[0].power: expected none, {command: {on, off, cut?}}, {pdudaemon: {url, hostname, port}} or {twin: {control}}, found {"relay":{"gpio":4}}'],
    ["two drivers at once", { command: { on: "a", off: "b" }, twin: { control: "/x" } }, 'Invalid inventory lab.yaml at appliances[0].power: expected none, {command: {on, off, cut?}}, {pdudaemon: {url, hostname, port}} or {twin: {control}}, found {"command":{"on":"a","off":"b"},"twin":{"control":"/x"}}'],
  ])("refuses %s, naming file, path, expected and found", (_what, power, message) => {
    expect(() => parseInventory(withPower(power), "lab.yaml")).toThrow(message);
  });
});

describe("power drivers", () => {
  it("commands: a failing line names the appliance, action, line and its output", async () => {
    const p = powerOf("a1", { command: { on: "true", off: "echo relay stuck >&2; exit 3", cut: "true" } }, "lab.yaml");
    await p.on();
    await expect(p.off()).rejects.toThrow("DUT a1: power off failed: 'echo relay stuck >&2; exit 3' exited 3: relay stuck");
  });

  it("pdudaemon: GETs /power/control/on|off with hostname and port; cut is off; a 500 or no daemon is a named failure", async () => {
    const seen: string[] = [];
    const server = createHttp((req, res) => {
      seen.push(req.url!);
      const ok = req.url!.includes("hostname=rack3");
      res.writeHead(ok ? 200 : 500).end(ok ? "OK - accepted request\n" : "Invalid request\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const url = `http://127.0.0.1:${port}`;
      const p = powerOf("a1", { pdudaemon: { url, hostname: "rack3", port: 7 } }, "lab.yaml");
      await p.on();
      await p.cut();
      await p.off();
      expect(seen).toEqual(["/power/control/on?hostname=rack3&port=7", "/power/control/off?hostname=rack3&port=7", "/power/control/off?hostname=rack3&port=7"]);
      const wrong = powerOf("a1", { pdudaemon: { url, hostname: "rack9", port: 7 } }, "lab.yaml");
      await expect(wrong.on()).rejects.toThrow(`DUT a1: power on failed: PDUDaemon answered GET ${url}/power/control/on?hostname=rack9&port=7 with 500 "Invalid request" (pdudaemon refuses a PDU not in its configuration: is "rack9" one of its pdus?)`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const gone = powerOf("a1", { pdudaemon: { url: `http://127.0.0.1:${port}`, hostname: "rack3", port: 7 } }, "lab.yaml");
    await expect(gone.on()).rejects.toThrow(`DUT a1: power on failed: PDUDaemon at http://127.0.0.1:${port} did not take GET http://127.0.0.1:${port}/power/control/on?hostname=rack3&port=7: ECONNREFUSED`);
    expect(pdudaemonUrl({ url: "http://h:1/pdu/", hostname: "r a", port: 2 }, "reboot")).toBe("http://h:1/pdu/power/control/reboot?hostname=r+a&port=2");
  });

  it("twin: power <action> on the control socket, `ok` expected; another answer or a silent socket is a named failure", async () => {
    const sock = join(dir, "control.sock");
    const lines: string[] = [];
    const server = createUnix((c) => c.on("data", (d) => {
      const line = String(d).trim();
      lines.push(line);
      if (line === "power off") return; // a box that never answers
      c.write(line === "power cut" ? "error: no\n" : "ok\n");
    }));
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const p = powerOf("box1", { twin: { control: sock } }, "lab.yaml");
      await p.on();
      await expect(p.cut()).rejects.toThrow(`DUT box1: power cut failed: the box's control socket ${sock} answered "error: no"`);
      await expect(p.off()).rejects.toThrow(`DUT box1: power off failed: the box's control socket ${sock} did not answer: no reply to 'power off' on ${sock} within`);
      expect(lines).toEqual(["power on", "power cut", "power off"]);
    } finally {
      server.close();
    }
  }, 20_000);

  it("none: refuses, naming the inventory file and the drivers there are", async () => {
    await expect(powerOf("a1", "none", "/etc/hil/lab.yaml").on()).rejects.toThrow("DUT a1: cannot power on: /etc/hil/lab.yaml sets power: none for this appliance (add power: {command: {on, off}}, {pdudaemon: {url, hostname, port}} or {twin: {control}})");
  });
});

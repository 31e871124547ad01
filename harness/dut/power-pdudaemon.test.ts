// PDUDaemon powers a twin-as-hardware box for real: Debian's pdudaemon with a configuration of its own, its
// `localcmdline` PDU running the box's power commands; the harness reaches it only by its HTTP API (the inventory's
// `power: {pdudaemon: ...}`), and the effect is observed only from outside, on the box's console.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Console } from "../console/index.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import { newPrefix } from "../../netns/util/owner.ts";
import { startBox, stopBox } from "./box.ts";
import { inventoryEntry, powerCommandLine } from "./box-inventory.ts";
import { HardwareDut } from "./hardware.ts";
import { startPduDaemon } from "./testkit/pdudaemon.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe("PDUDaemon power driver", () => {
  it("powers a twin-as-hardware box on, off (the console goes dark) and on again (it boots again), through pdudaemon's HTTP API", async () => {
    const box = await startBox({ name: `p${newPrefix().slice(3)}`, timeScale: 0.05 });
    cleanups.push(() => stopBox(box.name));
    const dir = await mkdtemp(join(tmpdir(), "hil-pdud-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // Outlet 3 of PDU "rack1" is the box's plug: pdudaemon's off is the box's cut (a PDU has no power button).
    const pdu = await startPduDaemon(dir, {
      rack1: { cmdOn: `${powerCommandLine(box.control, "on")} # outlet %s`, cmdOff: `${powerCommandLine(box.control, "cut")} # outlet %s` },
    });
    cleanups.push(() => pdu.stop());
    const file = join(dir, "lab.yaml");
    await writeFile(file, stringify({ version: 1, appliances: [{ ...inventoryEntry(box), power: { pdudaemon: { url: pdu.url, hostname: "rack1", port: 3 } } }] }));
    const dut = await HardwareDut.attach(file, box.name, undefined, dir);
    cleanups.push(() => dut.dispose());
    const bootMs = box.description.timings.bootMs;
    const con = await Console.open({ name: box.name, path: dut.console, profile: dut.profile });
    cleanups.push(() => con.close());

    await dut.power.on();
    // Accepted is not powered: the console is what says the box is on.
    await con.wake({ deadline: Deadline.in(10_000, "the first ENTER after pdudaemon's on") });
    await con.waitFor({ text: "Qualys Scanner is coming up..." }, { deadline: Deadline.in(bootMs + 10_000, "the last boot line after pdudaemon's on") });
    await dut.power.off();
    await con.waitFor((l) => l.text === "", { deadline: Deadline.in(10_000, "a dark screen after pdudaemon's off") });
    await dut.power.on();
    await con.waitFor({ text: "Qualys Scanner is starting up..." }, { deadline: Deadline.in(10_000, "the boot again after pdudaemon's second on") });
    await con.waitFor({ text: "Qualys Scanner is coming up..." }, { deadline: Deadline.in(bootMs + 10_000, "the last boot line of the second boot") });
    // The jobs went through pdudaemon's runner for the PDU and outlet the inventory names.
    const jobs = [...pdu.logText().matchAll(/Processing job for PDU rack1: \((on|off) 3\)/g)].map((m) => m[1]);
    expect(jobs).toEqual(["on", "off", "on"]);

    // A PDU name pdudaemon does not know is refused with its own answer.
    await writeFile(file, stringify({ version: 1, appliances: [{ ...inventoryEntry(box), power: { pdudaemon: { url: pdu.url, hostname: "rack9", port: 3 } } }] }));
    const wrong = await HardwareDut.attach(file, box.name, undefined, dir);
    await expect(wrong.power.cut()).rejects.toThrow(`DUT ${box.name}: power cut failed: PDUDaemon answered GET ${pdu.url}/power/control/off?hostname=rack9&port=3 with 500 "Invalid request"`);
    const pid = pdu.pid;
    await pdu.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(dut.power.off()).rejects.toThrow(`PDUDaemon at ${pdu.url} did not take GET`);
  }, 120_000);
});

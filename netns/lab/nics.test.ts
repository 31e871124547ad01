// Host NIC records, moves and give-back on their own (Lab.up's cabling is tested in cabling.test.ts), with veth
// ends this test creates under its own prefix (never a real host NIC).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPrefix } from "../util/owner.ts";
import { run } from "../util/sh.ts";
import { giveBack, giveBackAll, moveNic, nicRecordPath, readNicState, vanishedNote } from "./nics.ts";

const prefix = newPrefix();
const ns = `${prefix}-lab`;
const nic = `${prefix}a`;
const dir = mkdtempSync(join(tmpdir(), `${prefix}-nics-`));

beforeAll(async () => {
  await run("ip", ["netns", "add", ns]);
  await run("ip", ["link", "add", "name", nic, "type", "veth", "peer", "name", `${prefix}b`]);
  await run("ip", ["-batch", "-"], { input: `link set dev ${nic} mtu 1280 alias "bench port"\naddress add 198.51.100.9/29 dev ${nic}\nlink set dev ${nic} up\n` });
});
afterAll(async () => {
  await run("ip", ["netns", "del", ns], { allowFailure: true });
  await run("ip", ["link", "del", "dev", nic], { allowFailure: true });
  await run("ip", ["link", "del", "dev", `${prefix}in`], { allowFailure: true });
  rmSync(dir, { recursive: true, force: true });
});

describe("host NICs into a lab namespace and back", () => {
  it("records the NIC's state before the move, and gives it back under its own name with that state", async () => {
    const state = (await readNicState(nic))!;
    expect(state).toMatchObject({ nic, mtu: 1280, alias: "bench port", up: true, addresses: ["198.51.100.9/29"] });
    const move = await moveNic(dir, nic, ns, "dut");
    expect(move).toEqual({ ...state, ns, inside: "dut" });
    expect(JSON.parse(readFileSync(nicRecordPath(dir), "utf8"))).toEqual([move]);
    expect(await readNicState(nic)).toBeUndefined();
    // Moved, it lost its addresses and went down (the kernel does that); it kept its ifindex (free in the namespace).
    expect(await readNicState("dut", ns)).toMatchObject({ ifindex: state.ifindex, addresses: [], up: false });
    await run("ip", ["-n", ns, "link", "set", "dev", "dut", "mtu", "1500", "alias", "changed in the lab"]);
    expect(await giveBackAll(dir)).toEqual({ returned: [move], vanished: [] });
    expect(await readNicState(nic)).toEqual(state);
    expect(existsSync(nicRecordPath(dir))).toBe(false);
  });

  it("finds a NIC that came back to the host under its lab name (its namespace went first) by its MAC", async () => {
    const move = await moveNic(dir, nic, ns, `${prefix}in`);
    await run("ip", ["-n", ns, "link", "set", "dev", `${prefix}in`, "netns", "1"]);
    await giveBack(move);
    expect(await readNicState(`${prefix}in`)).toBeUndefined();
    expect(await readNicState(nic)).toMatchObject({ nic, mtu: 1280, alias: "bench port", up: true, addresses: ["198.51.100.9/29"] });
    await giveBackAll(dir);
  });

  it("refuses a NIC that does not exist and a name already taken, leaving nothing recorded", async () => {
    await expect(moveNic(dir, `${prefix}zz`, ns, "dut")).rejects.toThrow(`Cannot move host NIC ${prefix}zz into namespace ${ns}: no such interface in the host namespace`);
    await run("ip", ["-n", ns, "link", "add", "name", "wan0", "type", "veth", "peer", "name", "wan0p"]);
    await expect(moveNic(dir, nic, ns, "wan0")).rejects.toThrow(`Cannot move host NIC ${nic} into namespace ${ns}: the namespace already has an interface named wan0`);
    expect(await readNicState(nic)).toBeDefined();
    expect(existsSync(nicRecordPath(dir))).toBe(false);
  });

  it("a NIC that cannot be found is reported, and stays recorded for a later give-back", async () => {
    await moveNic(dir, nic, ns, "dut");
    await run("ip", ["-n", ns, "link", "set", "dev", "dut", "name", "renamed"]);
    await expect(giveBackAll(dir)).rejects.toThrow(`Host NICs not given back (still recorded in ${nicRecordPath(dir)}): Cannot give host NIC ${nic} back: not found in ${ns} as dut, nor in the host namespace`);
    expect(existsSync(nicRecordPath(dir))).toBe(true);
    await run("ip", ["-n", ns, "link", "set", "dev", "renamed", "name", "dut"]);
    await giveBackAll(dir);
    expect(await readNicState(nic)).toBeDefined();
  });

  it("a NIC gone from the host (its veth pair deleted, a USB NIC unplugged) is dropped from the record and said", async () => {
    const gone = `${prefix}g`;
    await run("ip", ["link", "add", "name", gone, "type", "veth", "peer", "name", `${prefix}h`]);
    const move = await moveNic(dir, gone, ns, "gone0");
    await run("ip", ["-n", ns, "link", "del", "dev", "gone0"]);
    expect(await giveBackAll(dir)).toEqual({ returned: [], vanished: [move] });
    expect(existsSync(nicRecordPath(dir))).toBe(false);
    expect(vanishedNote(move)).toBe(`host NIC ${gone} (MAC ${move.mac}) is no longer on this host: its record was dropped`);
  });
});

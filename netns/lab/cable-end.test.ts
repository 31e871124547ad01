import { describe, expect, it } from "vitest";
import { loadTopology } from "../topology/load.ts";
import { cableEnd, findCableEnd } from "./cable-end.ts";

describe("cable end of an appliance port", () => {
  it("is the far end of the dut link, in either endpoint order", async () => {
    const split = await loadTopology("split");
    expect(findCableEnd(split, "lan0")).toEqual({ host: "lanrtr", iface: "dut" });
    expect(findCableEnd(split, "wan0")).toEqual({ host: "wanrtr", iface: "dut" });
    const swapped = { name: "x", links: [{ endpoints: ["sw:p1", "dut:lan0"] as [string, string] }] };
    expect(cableEnd(swapped, "lan0", (h) => `pfx-${h}`)).toEqual({ port: "lan0", host: "sw", ns: "pfx-sw", iface: "p1" });
  });
  it("names the lab and its cabled ports when the port has no cable", async () => {
    const standard = await loadTopology("standard");
    expect(() => cableEnd(standard, "wan0", (h) => h)).toThrow('Lab standard has no cable to the appliance\'s wan0 (no link with endpoint "dut:wan0"; cabled ports: lan0)');
  });
});

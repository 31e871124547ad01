// ARP summaries read as tcpdump's do: a request asks who-has, a reply says who is-at which MAC.
import { describe, expect, it } from "vitest";
import type { Frame } from "./frame.ts";
import { summarize } from "./summary.ts";

const arp = (op: NonNullable<Frame["arp"]>["op"]): Frame => ({
  no: 3, time: 0, iface: "lan0", protocols: ["eth", "ethertype", "arp"], len: 42,
  eth: { src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01", type: 0x0806 },
  arp: { op, senderIp: "10.79.0.2", targetIp: "10.79.0.1", senderMac: "02:00:00:00:00:02" },
});

describe("summarize ARP", () => {
  it("request: who-has target tell sender", () => {
    expect(summarize(arp("request"))).toBe("#3 lan0: 02:00:00:00:00:02 > 02:00:00:00:00:01 ARP request who-has 10.79.0.1 tell 10.79.0.2");
  });

  it("reply: sender is-at its MAC", () => {
    expect(summarize(arp("reply"))).toBe("#3 lan0: 02:00:00:00:00:02 > 02:00:00:00:00:01 ARP reply 10.79.0.2 is-at 02:00:00:00:00:02");
  });

  it("other opcodes name sender and target", () => {
    expect(summarize(arp("op-8"))).toBe("#3 lan0: 02:00:00:00:00:02 > 02:00:00:00:00:01 ARP op-8 from 10.79.0.2 (02:00:00:00:00:02) about 10.79.0.1");
  });
});

// Probe traffic of one scan, run inside the appliance's namespace: per target one ICMP echo and TCP connects from the
// scan address (or bound to the scan device without one of the target's family). argv[2]: JSON {targets, ports, dev, localAddress, localAddress6 (IPv6 targets), timeoutMs}.
import { execFile } from "node:child_process";
import { connect } from "node:net";

const q = JSON.parse(process.argv[2] ?? "{}");
const v6 = (ip) => ip.includes(":");
// ping from the scan address when there is one of the target's family (so a portal VLAN's source rule picks its
// table and gateway); else bound to the scan device.
const local = (ip) => (v6(ip) ? q.localAddress6 : q.localAddress && !v6(q.localAddress) ? q.localAddress : undefined);
const source = (ip) => (local(ip) ? ["-I", local(ip)] : q.dev ? ["-I", q.dev] : []);
const ping = (ip) =>
  new Promise((res) => execFile("ping", ["-n", "-c", "1", "-W", String(Math.max(1, Math.ceil(q.timeoutMs / 1000))), ...source(ip), ip], (e) => res(!e)));
const tcp = (ip, port) =>
  new Promise((res) => {
    const s = connect({ host: ip, port, ...(local(ip) ? { localAddress: local(ip) } : {}), timeout: q.timeoutMs });
    const done = (v) => (s.destroy(), res(v));
    s.once("connect", () => done("open"));
    s.once("timeout", () => done("filtered"));
    s.once("error", (e) => done(e.code === "ECONNREFUSED" ? "closed" : "filtered"));
  });
const results = [];
for (const target of q.targets) {
  // An IPv6 host is scanned from the LAN's IPv6 address only: without one it is unreachable, never probed.
  if (v6(target) && !q.localAddress6) {
    results.push({ target, icmp: false, tcp: Object.fromEntries(q.ports.map((p) => [p, "unreachable"])) });
    continue;
  }
  const [icmp, ...ports] = await Promise.all([ping(target), ...q.ports.map((p) => tcp(target, p))]);
  results.push({ target, icmp, tcp: Object.fromEntries(q.ports.map((p, i) => [p, ports[i]])) });
}
process.stdout.write(`${JSON.stringify(results)}\n`);

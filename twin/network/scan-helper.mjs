// Probe traffic of one scan, run inside the appliance's namespace: per target one ICMP echo (ping bound to the scan
// device, unless the job follows a static route) and TCP connects from the scan address. argv[2]: JSON {targets, ports, dev, localAddress, timeoutMs}.
import { execFile } from "node:child_process";
import { connect } from "node:net";

const q = JSON.parse(process.argv[2] ?? "{}");
const ping = (ip) =>
  new Promise((res) => execFile("ping", ["-n", "-c", "1", "-W", String(Math.max(1, Math.ceil(q.timeoutMs / 1000))), ...(q.dev ? ["-I", q.dev] : []), ip], (e) => res(!e)));
const tcp = (ip, port) =>
  new Promise((res) => {
    const s = connect({ host: ip, port, ...(q.localAddress ? { localAddress: q.localAddress } : {}), timeout: q.timeoutMs });
    const done = (v) => (s.destroy(), res(v));
    s.once("connect", () => done("open"));
    s.once("timeout", () => done("filtered"));
    s.once("error", (e) => done(e.code === "ECONNREFUSED" ? "closed" : "filtered"));
  });
const results = [];
for (const target of q.targets) {
  const [icmp, ...ports] = await Promise.all([ping(target), ...q.ports.map((p) => tcp(target, p))]);
  results.push({ target, icmp, tcp: Object.fromEntries(q.ports.map((p, i) => [p, ports[i]])) });
}
process.stdout.write(`${JSON.stringify(results)}\n`);

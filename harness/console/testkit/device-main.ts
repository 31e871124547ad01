// The tiny device as its own process (for benchmarks): `tsx device-main.ts <peer> [options-json]`.
// Prints "ready" once attached; on a "stop" line on stdin prints its timings (epoch ms) as JSON and exits.
import { createInterface } from "node:readline";
import { TinyDevice } from "./device.ts";

const [path, json] = process.argv.slice(2);
if (!path) {
  console.error("usage: device-main.ts <peer-path> [options-json]");
  process.exit(2);
}
const dev = await TinyDevice.attach(path, json ? JSON.parse(json) : {});
const epoch = (t: number) => performance.timeOrigin + t;
console.log("ready");
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "stop") continue;
  console.log(JSON.stringify({ keys: dev.seen.map((s) => ({ key: s.key, at: epoch(s.at), whileBusy: s.whileBusy })), redrawDone: dev.redrawDone.map(epoch) }));
  await dev.close();
  process.exit(0);
}

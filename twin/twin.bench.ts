// Twin benchmark: boot to CONTACTING QUALYS at time scale 0.01; keys per second when paced at the real
// 9600 baud (must not be slower than the wire); RSS of one twin; four twins side by side.
import { readFileSync } from "node:fs";
import { BAUD, BITS_PER_CHAR } from "./console/pacer.ts";
import { mainMenu } from "../fixtures/manual/index.ts";
import { ConsoleClient, KEYS } from "./testing/client.ts";
import { TwinProcess } from "./testing/twin-process.ts";
import { home, text } from "./testing/session.ts";

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
const children = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
const ms = (t0: number) => Math.round(performance.now() - t0);

/** Start a twin, attach, wait for CONTACTING QUALYS; returns the parts and the times. */
async function bootOne(args: string[]) {
  const t0 = performance.now();
  const twin = await TwinProcess.start(args);
  const started = ms(t0);
  const c = await ConsoleClient.open(twin.console);
  await c.press("enter");
  await c.waitFor((s) => text(s) === "CONTACTING QUALYS" || c.history.includes("CONTACTING QUALYS"), "CONTACTING QUALYS", 120_000);
  return { twin, c, started, contacting: ms(t0) };
}

async function main(): Promise<void> {
  // 1. Boot at time scale 0.01, measured from power-on over the control socket (process start excluded).
  const a = await bootOne(["--time-scale", "0.01", "--no-pace"]);
  await home(a.c, 60_000);
  await a.twin.control_("power cut");
  const from = a.c.history.length;
  const t0 = performance.now();
  await a.twin.control_("power on");
  await a.c.waitFor(() => a.c.history.slice(from).includes("CONTACTING QUALYS"), "CONTACTING QUALYS after power on", 60_000);
  console.log(`boot to CONTACTING QUALYS at time scale 0.01: ${ms(t0)} ms from power-on (${a.contacting} ms from process spawn, of which ${a.started} ms starting node/tsx)`);
  const pid = a.twin.child.pid!;
  const cable = children(pid)[0];
  console.log(`RSS of one twin: ${rssKiB(pid)} KiB (node) + ${cable ? rssKiB(cable) : "?"} KiB (python PTY cable)`);
  await a.c.close();
  await a.twin.dispose();

  // 2. Keys per second, one key at a time (each waits for its screen change), line paced at the real 9600 baud.
  const b = await bootOne(["--time-scale", "0.01", "--line-scale", "1"]);
  await home(b.c, 60_000);
  await b.c.press("enter");
  // Each key is sent as soon as the previous one's menu label is complete on screen (1 ms polling).
  const keys = 40;
  const bytes0 = b.c.received;
  const k0 = performance.now();
  for (let i = 1; i <= keys; i++) {
    const label = mainMenu[i % mainMenu.length]!.label;
    await b.c.write(KEYS.down);
    for (;;) {
      const s = await b.c.screen();
      if (text(s) === label) break;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  const secs = (performance.now() - k0) / 1000;
  const perKey = (b.c.received - bytes0) / keys;
  const wireKeysPerSec = BAUD / BITS_PER_CHAR / (perKey + 3);
  const status = JSON.parse(await b.twin.control_("status"));
  console.log(`paced at 9600 baud 8N2: ${(keys / secs).toFixed(1)} keys/s sustained, one at a time (${perKey.toFixed(1)} screen bytes per key; the wire alone allows ${wireKeysPerSec.toFixed(1)} keys/s counting the 3-byte key); lost bytes: ${status.lostBytes}`);
  await b.c.close();
  await b.twin.dispose();

  // 3. Four twins side by side.
  const f0 = performance.now();
  const four = await Promise.all([0, 1, 2, 3].map(() => bootOne(["--time-scale", "0.01", "--no-pace"])));
  await Promise.all(four.map((x) => home(x.c, 120_000)));
  const rss = four.map((x) => rssKiB(x.twin.child.pid!));
  console.log(`4 twins side by side: all at their home screen ${ms(f0)} ms after spawning; RSS ${rss.join(", ")} KiB (node processes)`);
  await Promise.all(four.map(async (x) => (await x.c.close(), await x.twin.dispose())));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

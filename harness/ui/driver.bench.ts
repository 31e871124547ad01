// Benchmark: how fast the UI driver walks the twin (unpaced and paced at 9600 baud): strategy, a full static
// IP flow, time per confirmed key and the console's overhead per key. Prints figures and exits 0.
import { Console } from "../console/console.ts";
import { twinProfile } from "../console/profiles/twin.ts";
import { TwinDut } from "../dut/twin.ts";
import { Ui } from "./driver.ts";
import { runFlow } from "./flow.ts";

const VALUES = { "LAN IP ADDR": "10.77.1.50", "LAN NETMASK": "255.255.252.0", "LAN GATEWAY": "10.77.1.1", "LAN DNS1": "10.77.1.1", "DOMAIN NAME": "LAB.TEST" };

async function measure(pace: boolean): Promise<void> {
  const dut = await TwinDut.start({ name: pace ? "bench-paced" : "bench", pace, timeScale: 0.01 });
  const con = await Console.open({ name: dut.name, path: dut.console, profile: twinProfile });
  try {
    const ui = new Ui(con, { bootMs: 30_000, messageMs: 5_000, power: dut.power });
    let t = performance.now();
    await ui.reach("setup");
    const reach = performance.now() - t;
    const keys0 = con.callLog().filter((e) => e.kind === "key").length;
    t = performance.now();
    await runFlow(ui, "static-lan", VALUES);
    const flow = performance.now() - t;
    const keys = con.callLog().filter((e) => e.kind === "key").length - keys0;
    const o = con.stats().overheadMs as { p50?: number; p95?: number; max?: number } | undefined;
    console.log(`${pace ? "paced 9600" : "unpaced   "}  reach(setup) from boot ${reach.toFixed(0)} ms | static-lan flow ${flow.toFixed(0)} ms, ${keys} keys, ${(flow / keys).toFixed(1)} ms/key | overhead/key ${JSON.stringify(o)}`);
  } finally {
    await con.close();
    await dut.dispose();
  }
}

await measure(false);
await measure(true);

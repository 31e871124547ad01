// Helper run in a child process (e.g. as an unprivileged user): open a port and print the outcome as JSON.
import { SerialTransport } from "../serial.ts";

const path = process.argv[2] ?? "";
try {
  const t = await SerialTransport.open(path);
  await t.close();
  console.log(JSON.stringify({ ok: true }));
} catch (err) {
  const e = err as Error & { reason?: string };
  console.log(JSON.stringify({ ok: false, name: e.name, reason: e.reason, message: e.message }));
}

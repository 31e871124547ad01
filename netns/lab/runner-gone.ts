// A vitest setup file: a test worker whose runner went away (vitest itself got SIGTERM and exited without stopping
// its workers) interrupts itself, so the labs and twins it holds are taken down by their interrupt hooks
// (netns/lab/interrupt.ts) instead of running on with no one to stop them.
const KEY = Symbol.for("hil.runnerGoneGuard");
const holder = globalThis as { [KEY]?: boolean };
if (!holder[KEY] && typeof process.send === "function") {
  holder[KEY] = true;
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}

// User-facing error messages of the capture area, built in one place; the underlying error is kept as `cause`.

/** A capture could not be started, stopped or decoded. */
export class CaptureError extends Error {
  override readonly name = "CaptureError";
  /** The tool's stderr, when a tool failed (never shown beyond its tail). */
  readonly stderr?: string;
  constructor(message: string, options?: ErrorOptions & { stderr?: string }) {
    super(message, options);
    if (options?.stderr !== undefined) this.stderr = options.stderr;
  }
}

/** A traffic expectation (expectSome/expectNone/waitForFrames) was not met. */
export class CaptureExpectationError extends Error {
  override readonly name = "CaptureExpectationError";
}

const tail = (text: string, lines = 6) => text.trim().split("\n").slice(-lines).join("\n") || "(nothing)";

/** Messages, one function per situation. */
export const messages = {
  invalidOption: (where: string, path: string, expected: string, got: unknown) =>
    `Expected \`${path}\` ${expected} in ${where}, got ${describeValue(got)}`,
  pcapExists: (file: string) =>
    `Capture file ${file} already exists; refusing to overwrite evidence (choose a new name or remove it first)`,
  noParentDir: (file: string, dir: string) => `Directory ${dir} for capture file ${file} does not exist`,
  tcpdumpExited: (ns: string, iface: string, code: number | null, stderr: string) =>
    `tcpdump on ${ns}:${iface} exited (${code === null ? "killed" : `code ${code}`}) before it was listening:\n${tail(stderr)}`,
  tcpdumpNotListening: (ns: string, iface: string, ms: number, stderr: string) =>
    `tcpdump on ${ns}:${iface} did not say "listening on" within ${Math.round(ms)} ms; stderr so far:\n${tail(stderr)}`,
  tcpdumpWouldNotStop: (ns: string, iface: string, pid: number) =>
    `tcpdump on ${ns}:${iface} (pid ${pid}) ignored SIGINT and SIGKILL; it may still be running`,
  packetsDropped: (ns: string, iface: string, dropped: number, file: string) =>
    `tcpdump on ${ns}:${iface} dropped ${dropped} packet(s) (kernel buffer full), so ${file} is incomplete: ` +
    "a verdict that traffic is absent cannot rest on it (raise bufferKiB or pace the traffic)",
  endedEarly: (ns: string, iface: string, code: number | null, stderr: string, file: string) =>
    `tcpdump on ${ns}:${iface} ended on its own before stop() (${code === null ? "killed" : `exit ${code}`}), ` +
    `so ${file} stops short of the end of the test:\n${tail(stderr)}`,
  notStopped: (file: string) => `Capture ${file} is still running; stop it before asking whether it is complete`,
  noSuchPcap: (file: string) => `Cannot decode ${file}: no such file`,
  tsharkFailed: (file: string, code: number | null, stderr: string) =>
    `tshark could not decode ${file} (exit ${code ?? "signal"}):\n${tail(stderr)}`,
  tsharkBadJson: (file: string, packetIndex: number) =>
    `tshark printed output for packet #${packetIndex + 1} of ${file} that is not valid JSON`,
  tsharkTimeout: (file: string, ms: number) => `tshark did not finish decoding ${file} within ${Math.round(ms)} ms`,
};

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Object.prototype.toString.call(value).slice(8, -1).toLowerCase();
}

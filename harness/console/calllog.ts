// The call log: keys sent and screens seen, most recent last, for error messages and reports.

/** One entry: a key sent, a distinct screen seen, or a note. */
export type CallLogEntry =
  | { t: number; kind: "key"; key: string }
  | { t: number; kind: "screen"; screen: string }
  | { t: number; kind: "note"; note: string };

/** A bounded log of what the driver did and saw; `t` is ms since the console opened. */
export class CallLog {
  private readonly entries: CallLogEntry[] = [];
  constructor(private readonly origin: number, private readonly limit = 200) {}

  /** Append an entry stamped with the current time. */
  add(entry: { kind: "key"; key: string } | { kind: "screen"; screen: string } | { kind: "note"; note: string }): void {
    this.entries.push({ t: performance.now() - this.origin, ...entry } as CallLogEntry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** A copy of the last `n` entries. */
  tail(n = 30): CallLogEntry[] {
    return this.entries.slice(-n);
  }
}

/** The log as indented lines, one per entry. */
export function formatCallLog(log: readonly CallLogEntry[]): string {
  if (log.length === 0) return "  call log: (empty)";
  const lines = log.map((e) => {
    const t = `${(e.t / 1000).toFixed(3)}s`.padStart(9);
    if (e.kind === "key") return `  ${t} key    ${e.key}`;
    if (e.kind === "screen") return `  ${t} screen ${e.screen}`;
    return `  ${t} note   ${e.note}`;
  });
  return `  call log (last ${log.length}):\n${lines.join("\n")}`;
}

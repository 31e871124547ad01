// `hil capture decode FILE.pcap [--json] [--filter EXPR] [--iface NAME]`: print a pcap as decoded frames.
import { decode } from "./decode.ts";
import { CaptureError } from "./errors.ts";
import { summarize } from "./summary.ts";

export const USAGE = [
  "usage: hil capture decode FILE.pcap [--json] [--filter DISPLAY_FILTER] [--iface NAME]",
  "",
  "  Decodes FILE.pcap with tshark into the typed frames the suite queries (proxy passwords are never shown).",
  "  --json      one JSON array of frames instead of one summary line per frame",
  "  --filter    a tshark display filter, e.g. 'dhcp && !icmp' or 'vlan.id == 10'",
  "  --iface     interface name to record on each frame (pcap files do not store it)",
].join("\n");

/** Parsed command line. */
export interface DecodeArgs {
  file: string;
  json: boolean;
  filter?: string;
  iface?: string;
}

/** Parse argv after "capture"; returns a usage error message instead of throwing. */
export function parseArgs(argv: readonly string[]): DecodeArgs | { error: string } {
  const [verb, ...rest] = argv;
  if (verb !== "decode") return { error: verb ? `unknown capture command '${verb}'` : "missing capture command" };
  const out: Partial<DecodeArgs> = { json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new CaptureError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--json") out.json = true;
    else if (arg === "--filter") out.filter = value();
    else if (arg === "--iface") out.iface = value();
    else if (arg.startsWith("-")) return { error: `unknown option '${arg}'` };
    else if (out.file) return { error: `only one FILE.pcap, got '${out.file}' and '${arg}'` };
    else out.file = arg;
  }
  if (!out.file) return { error: "missing FILE.pcap" };
  return out as DecodeArgs;
}

/** Run the command; returns the exit code (0 ok, 1 decode failed, 2 usage). */
export async function runCli(argv: readonly string[], print: (s: string) => void, printErr: (s: string) => void): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    args = { error: (error as Error).message };
  }
  if ("error" in args) {
    printErr(`hil capture: ${args.error}\n\n${USAGE}`);
    return 2;
  }
  try {
    const frames = await decode(args.file, { displayFilter: args.filter, iface: args.iface });
    if (args.json) print(JSON.stringify(frames, null, 2));
    else {
      for (const f of frames) print(summarize(f));
      print(`${frames.length} frame(s)`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CaptureError)) throw error;
    printErr(`hil capture: ${error.message}`);
    return 1;
  }
}

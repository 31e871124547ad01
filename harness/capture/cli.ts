// `hil capture decode FILE.pcap [--json] [--filter EXPR] [--iface NAME]`: print a pcap as decoded frames.
import { runGroup, type Io, type Subcommand } from "../cli/args.ts";
import { decode } from "./decode.ts";
import { CaptureError } from "./errors.ts";
import { summarize } from "./summary.ts";

/** `hil capture decode`, printing through `io`. */
function decodeCommand(io: Io): Subcommand {
  return {
    spec: {
      name: "hil capture decode",
      summary: "decode FILE.pcap with tshark into the typed frames the suite queries (proxy passwords are never shown)",
      positionals: [{ name: "FILE.pcap" }],
      options: {
        json: { type: "boolean", help: "one JSON array of frames instead of one summary line per frame" },
        filter: { type: "string", value: "DISPLAY_FILTER", help: "a tshark display filter, e.g. 'dhcp && !icmp' or 'vlan.id == 10'" },
        iface: { type: "string", value: "NAME", help: "interface name to record on each frame (pcap files do not store it)" },
      },
    },
    run: async (args) => {
      try {
        const frames = await decode(args.positional("FILE.pcap")!, { displayFilter: args.string("filter"), iface: args.string("iface") });
        if (args.flag("json")) io.out(JSON.stringify(frames, null, 2));
        else {
          for (const f of frames) io.out(summarize(f));
          io.out(`${frames.length} frame(s)`);
        }
        return 0;
      } catch (error) {
        if (!(error instanceof CaptureError)) throw error;
        io.err(`hil capture: ${error.message}`);
        return 1;
      }
    },
  };
}

/** Run `hil capture ...`; returns the exit code (0 ok, 1 decode failed, 2 usage). */
export function runCli(argv: readonly string[], print: (s: string) => void, printErr: (s: string) => void): Promise<number> {
  const io: Io = { out: print, err: printErr };
  return runGroup("hil capture", "packet captures: decode a pcap into the frames the traffic matchers see", { decode: decodeCommand(io) }, argv, io);
}

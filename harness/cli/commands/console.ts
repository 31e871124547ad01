// `hil console calibrate`: read a live appliance's screens from a known state and write its screen profile.
import { Deadline } from "../../../netns/util/deadline.ts";
import { calibrate, CalibrationError } from "../../console/calibrate.ts";
import { InventoryEditError, profileYaml, writeProfileIntoInventory } from "../../console/profile-yaml.ts";


const USAGE = `usage:
  hil console calibrate --tty PATH [--inventory FILE --name NAME] [--baud N] [--data-bits N] [--parity none|even|odd]
                        [--stop-bits 1|2] [--cols N] [--rows N] [--width N] [--led-lit C] [--timeout SECONDS]
  Starts from the home screen or the main menu (ENTER wakes a blank console), enters the main menu at SETUP NETWORK,
  moves DOWN once, and leaves the menu again. Prints the profile as YAML, or writes it into the inventory entry
  NAME as console: { profile: ... } (the rest of the file is kept).`;

type Flags = Record<string, string>;
const KNOWN = ["--tty", "--inventory", "--name", "--baud", "--data-bits", "--parity", "--stop-bits", "--cols", "--rows", "--width", "--led-lit", "--timeout"];

function parse(argv: string[]): Flags | string {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    const v = argv[i + 1];
    if (!KNOWN.includes(k)) return `unknown option ${JSON.stringify(k)}`;
    if (v === undefined) return `expected a value after ${k}`;
    flags[k] = v;
  }
  if (!flags["--tty"]) return "expected --tty PATH (the appliance's console: /dev/ttyUSB0, or a PTY)";
  if (Boolean(flags["--inventory"]) !== Boolean(flags["--name"])) return "expected --inventory FILE and --name NAME together";
  return flags;
}

/** An integer option in [min, max]; the message names the option, expected and found. */
function int(flags: Flags, key: string, min: number, max: number): number | undefined {
  const v = flags[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CalibrationError(`Expected ${key} to be an integer ${min}-${max}, got ${JSON.stringify(v)}`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const flags = sub === "calibrate" ? parse(rest) : "expected the subcommand calibrate";
  if (typeof flags === "string") {
    console.error(`hil console: ${flags}\n${USAGE}`);
    return 2;
  }
  try {
    const parity = flags["--parity"] ?? "none";
    if (!["none", "even", "odd"].includes(parity)) throw new CalibrationError(`Expected --parity to be none, even or odd, got ${JSON.stringify(parity)}`);
    const stopBits = int(flags, "--stop-bits", 1, 2) ?? 2;
    const led = flags["--led-lit"];
    if (led !== undefined && led.length !== 1) throw new CalibrationError(`Expected --led-lit to be one character, got ${JSON.stringify(led)}`);
    const result = await calibrate({
      path: flags["--tty"]!,
      name: flags["--name"] ?? "calibrated",
      line: { baudRate: int(flags, "--baud", 50, 4_000_000) ?? 9600, dataBits: (int(flags, "--data-bits", 5, 8) ?? 8) as 5 | 6 | 7 | 8, parity: parity as "none" | "even" | "odd", stopBits: stopBits as 1 | 2 },
      cols: int(flags, "--cols", 20, 500) ?? 80,
      rows: int(flags, "--rows", 2, 200) ?? 24,
      ...(flags["--width"] ? { width: int(flags, "--width", 1, 200)! } : {}),
      ...(led ? { ledLit: led } : {}),
      deadline: Deadline.in((int(flags, "--timeout", 1, 3600) ?? 300) * 1000, "screen profile calibration"),
      log: (l) => console.error(`calibrate: ${l}`),
    });
    for (const n of result.notes) console.error(`calibrate: assumed: ${n}`);
    if (flags["--inventory"]) {
      await writeProfileIntoInventory(flags["--inventory"], flags["--name"]!, result.profile);
      console.error(`calibrate: wrote console.profile of ${flags["--name"]} into ${flags["--inventory"]}`);
    } else {
      process.stdout.write(profileYaml(result.profile, [`screen profile calibrated on ${flags["--tty"]} at ${new Date().toISOString()}`, ...result.notes.map((n) => `assumed: ${n}`)]));
    }
    return 0;
  } catch (error) {
    if (error instanceof CalibrationError || error instanceof InventoryEditError || (error as Error).name === "SerialOpenError" || (error as Error).name === "LinkDeadError") {
      console.error(`hil console calibrate: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

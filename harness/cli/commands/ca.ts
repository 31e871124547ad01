// `hil ca`: the persistent lab CA that labs' platform emulators sign with and a QA firmware build trusts.
import { Deadline } from "../../../netns/util/deadline.ts";
import { caFilesIn, DEFAULT_CA_DIR, initLabCa, LAB_CA_ENV, LabCaError, openLabCa, type LabCa } from "../../../netns/services/platform/lab-ca.ts";


const USAGE = `usage:
  hil ca init [--dir DIR] [--force]   make the lab CA (default DIR ${DEFAULT_CA_DIR}); refuses to replace one without --force
  hil ca show [--dir DIR]             print the CA certificate's path and SHA-256 fingerprint`;

/** What an operator needs: where the certificate is, its fingerprint, and how labs use it. The key's path only. */
function describe(ca: LabCa, dir: string): string {
  return [
    `certificate  ${ca.cert}`,
    `sha256       ${ca.fingerprint}`,
    `subject      ${ca.subject}`,
    `valid until  ${ca.validTo}`,
    `private key  ${ca.key} (mode 0600; never copy it into a firmware build)`,
    "",
    "Build QA firmware to trust the certificate above. Labs sign their platform emulator with it when given",
    `the inventory's platform: { mode: emulator, ca: { cert, key } }, or ${LAB_CA_ENV}=${dir}.`,
  ].join("\n");
}

/** Parse `[--dir DIR] [--force]`; an unknown option is an error naming it. */
function parse(argv: string[]): { dir: string; force: boolean } | string {
  let dir = DEFAULT_CA_DIR;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--force") force = true;
    else if (a === "--dir") {
      const v = argv[++i];
      if (!v) return "expected a directory after --dir";
      dir = v;
    } else return `unknown option ${JSON.stringify(a)} (expected --dir DIR or --force)`;
  }
  return { dir, force };
}

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const o = parse(rest);
  if ((sub !== "init" && sub !== "show") || typeof o === "string") {
    console.error(`${typeof o === "string" ? `hil ca: ${o}\n` : ""}${USAGE}`);
    return 2;
  }
  try {
    if (sub === "init") {
      const ca = await initLabCa(o.dir, Deadline.in(30_000, "lab CA generation"), { force: o.force });
      console.log(`made a new lab CA in ${o.dir}\n${describe(ca, o.dir)}`);
      return 0;
    }
    const ca = await openLabCa(caFilesIn(o.dir));
    console.log(describe(ca, o.dir));
    return 0;
  } catch (error) {
    if (error instanceof LabCaError) {
      console.error(`hil ca ${sub}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

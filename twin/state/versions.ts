// The software and signature versions the twin runs, kept in its state directory: an update installed from the
// platform survives reboots and power cuts, as an installed update does on the appliance.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../netns/util/atomic.ts";

/** Scanner software and signature versions. */
export interface InstalledVersions {
  readonly software: string;
  readonly signatures: string;
}

const file = (stateDir: string) => join(stateDir, "versions.json");

/** The installed versions recorded in `stateDir`, or `factory` when none were (or the record is unreadable). */
export function loadVersions(stateDir: string, factory: InstalledVersions): InstalledVersions {
  if (!existsSync(file(stateDir))) return factory;
  try {
    const v = JSON.parse(readFileSync(file(stateDir), "utf8")) as Partial<InstalledVersions>;
    return typeof v.software === "string" && typeof v.signatures === "string" ? Object.freeze({ software: v.software, signatures: v.signatures }) : factory;
  } catch {
    return factory;
  }
}

/** Record `versions` as installed in `stateDir`. */
export function saveVersions(stateDir: string, versions: InstalledVersions): void {
  writeFileAtomic(file(stateDir), `${JSON.stringify(versions)}\n`);
}

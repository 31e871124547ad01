// The state directory: config.json (written atomically) and the clean-shutdown flag.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { writeFileAtomic } from "../../netns/util/atomic.ts";
import { join } from "node:path";
import { firstInvalid } from "../../netns/util/validate.ts";
import { stateFileError, stateFileInvalid } from "../errors.ts";
import { configSchema, factoryDefaults, type TwinConfig } from "./config.ts";

/** Paths inside a state directory. */
export function statePaths(dir: string) {
  return { config: join(dir, "config.json"), clean: join(dir, "clean-shutdown"), boots: join(dir, "boots.log") };
}

/** Reads and writes one twin's persisted state. */
export class StateStore {
  private readonly paths;
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.paths = statePaths(dir);
  }

  /** The stored configuration, or factory defaults when there is none yet; throws naming the file when it is invalid. */
  load(): TwinConfig {
    if (!existsSync(this.paths.config)) return factoryDefaults();
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.paths.config, "utf8"));
    } catch (error) {
      throw stateFileError(this.paths.config, "not JSON", error);
    }
    const parsed = configSchema.safeParse(data);
    if (!parsed.success) throw stateFileInvalid(firstInvalid(parsed.error, data, `twin configuration in state file ${this.paths.config}`));
    return parsed.data;
  }

  /** Persist `config` atomically. */
  save(config: TwinConfig): void {
    writeFileAtomic(this.paths.config, `${JSON.stringify(config, null, 2)}\n`);
  }

  /** On boot: was the last power-off a clean shutdown? Clears the flag (it is set again by the next clean shutdown). */
  takeCleanFlag(): boolean {
    const clean = existsSync(this.paths.clean);
    rmSync(this.paths.clean, { force: true });
    return clean;
  }

  /** Record a clean shutdown (reboot or SYSTEM SHUTDOWN). */
  markClean(): void {
    writeFileAtomic(this.paths.clean, `${new Date().toISOString()}\n`);
  }
}

// Shared shapes of lab services: where a service runs, and the handle of one that is running.

/** Where a service runs: its namespace, its own directory (config, pid, log, state) and the run's owner prefix. */
export interface ServiceContext {
  /** Network namespace the service runs in. */
  ns: string;
  /** The service's own directory: config, pid file, log, lease/state files. Created if missing. */
  dir: string;
  /** The run's ownership prefix (names of nft tables and other objects carry it). */
  prefix: string;
  /** How the program runs; absent: a host process in `ns` (process.ts). The docker backend runs it in a container. */
  runner?: ServiceRunner;
}

/** A way to run a service program other than a host process (docker/backend.ts): same spec, same handle. */
export interface ServiceRunner {
  readonly backend: "docker";
  spawn(spec: import("./process.ts").SpawnSpec): Promise<RunningService>;
}

/** A started service: its process, files, and an idempotent stop. */
export interface RunningService {
  /** Service kind, e.g. "dnsmasq". */
  kind: string;
  /** Process id; it is also the process group id (the service runs in its own session). */
  pid: number;
  /** The service's directory (same as ServiceContext.dir). */
  dir: string;
  /** The service's own log file. */
  logFile: string;
  /** File holding `pid`; the sweeper kills by pid file only. */
  pidFile: string;
  /** Milliseconds from spawn until the readiness condition held (a start-time measurement hook). */
  readyMs: number;
  /** Stop the service and all processes of its group; idempotent, tolerates an already-gone process. */
  stop(): Promise<void>;
}

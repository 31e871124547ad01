// The handle every fault returns: what it does, and how to undo it.

/** An applied fault; `remove` undoes it, is idempotent and tolerates an already-removed namespace. */
export interface Fault {
  /** One line saying what the fault does, for reports. */
  describe: string;
  /** Commands (argv lists, run in order, failures ignorable) that undo the fault from another process, e.g. a CLI. */
  undo: readonly (readonly string[])[];
  remove(): Promise<void>;
}

/** Wrap an undo action so that it runs once; later calls return the first call's promise. */
export function removeOnce(undo: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= undo());
}

/** True when a command's stderr says the object (or the namespace) is already gone. */
export function alreadyGone(stderr: string): boolean {
  return /No such file or directory|Cannot open network namespace|Cannot find device|does not exist|Cannot assign requested address/i.test(stderr);
}

// SIGINT/SIGTERM while labs are being built or are up: run every registered cleanup, then let the signal
// take its default course (exit) unless someone else also listens for it.
type Hook = (signal: NodeJS.Signals) => Promise<void>;

const hooks = new Set<Hook>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
let handling = false;
let handled: Promise<void> = Promise.resolve();

function onSignal(signal: NodeJS.Signals): void {
  if (handling) return;
  handling = true;
  const pending = [...hooks];
  handled = Promise.allSettled(pending.map((hook) => hook(signal))).then(() => {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    handling = false;
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** Register `hook` to run on SIGINT/SIGTERM; returns a function that unregisters it. */
export function onInterrupt(hook: Hook): () => void {
  hooks.add(hook);
  if (hooks.size === 1 && !handling) for (const s of SIGNALS) process.on(s, onSignal);
  return () => {
    hooks.delete(hook);
    if (hooks.size === 0 && !handling) for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
}

/** Resolves once the interrupt being handled (if any) has run every hook and decided whether to end the process. */
export function interruptHandled(): Promise<void> {
  return handled;
}

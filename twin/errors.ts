// Every user-facing message of the twin process (CLI, control socket, start-up), in one place.
import { invalidMessage, type Invalid } from "../netns/util/validate.ts";

/** An argument error: the message names the option, what was expected and what was found. */
export function usageError(detail: string): Error {
  return new Error(`twin: ${detail}`);
}

/** The state file holds a configuration that fails its check (the settings' one format). */
export function stateFileInvalid(invalid: Invalid): Error {
  return new Error(`twin: ${invalidMessage(invalid)}`);
}

/** The state file could not be read as a twin configuration. */
export function stateFileError(path: string, detail: string, cause?: unknown): Error {
  return new Error(`twin: state file ${path} is not a valid twin configuration: ${detail}`, cause ? { cause } : undefined);
}

/** A required tool is not on PATH. */
export function missingTool(tool: string, purpose: string): Error {
  return new Error(`twin: '${tool}' is needed for ${purpose} but was not found on PATH`);
}

/** The console cable (PTY) could not be set up. */
export function cableError(link: string, detail: string): Error {
  return new Error(`twin: console PTY at ${link} could not be set up: ${detail}`);
}

/** A control-socket command that is not understood. */
export function controlError(line: string): string {
  return `error: expected 'power off', 'power on', 'power cut', 'fault silent', 'status' or 'describe', got '${line}'`;
}

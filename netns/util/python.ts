// Which python runs the project's helpers (cable, alias watch, box power, capture test kit): the system's, by path.
// They need only its standard library. The one first on PATH may be a version manager's shim (pyenv's costs a chain
// of bash processes, about 0.35 s of CPU, on every start) or another version altogether.
import { existsSync } from "node:fs";

/** The system python 3 (Debian's /usr/bin/python3), else the first on PATH. */
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

// The oracle's screen sequences the firmware shows (boot, connection phase), re-exported for the twin.
import { bootLines, contactingLines } from "../../fixtures/manual/index.ts";

/** Boot and connection-phase message texts (manual: System Reboot and Shutdown). */
export const screens = Object.freeze({ boot: bootLines as readonly string[], contacting: contactingLines as readonly string[] });

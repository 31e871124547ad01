// The oracle's screen sequences and fixed texts the firmware shows (boot, connection phase, network states).
import { bootLines, contactingLines, screens as manualScreens } from "../../fixtures/manual/index.ts";

/** Boot and connection-phase message texts (manual: System Reboot and Shutdown), and the network state texts. */
export const screens = Object.freeze({
  boot: bootLines as readonly string[],
  contacting: contactingLines as readonly string[],
  cancelingScan: manualScreens.cancelingScan as string,
  communicationFailure: manualScreens.communicationFailure as string,
});

// Manual section "System Reboot and Shutdown": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("System Reboot and Shutdown");

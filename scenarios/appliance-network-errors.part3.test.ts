// Manual section "Appliance Network Errors", part 3 of 4 (the section's scenarios from scenarios/catalogue.ts, cut into 4 parts
// so that they run on parallel workers or appliances).
import { section } from "./section.ts";

section("Appliance Network Errors", { part: [3, 4] });

// Manual section "Network Errors using older appliance model", part 2 of 3 (the section's scenarios from scenarios/catalogue.ts, cut into 3 parts
// so that they run on parallel workers or appliances).
import { section } from "./section.ts";

section("Network Errors using older appliance model", { part: [2, 3] });

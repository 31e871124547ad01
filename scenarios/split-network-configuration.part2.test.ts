// Manual section "Split Network Configuration", part 2 of 2 (the section's scenarios from scenarios/catalogue.ts, cut into 2 parts
// so that they run on parallel workers or appliances).
import { section } from "./section.ts";

section("Split Network Configuration", { part: [2, 2] });

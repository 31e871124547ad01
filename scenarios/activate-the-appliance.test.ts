// Manual section "Step 3 - Activate the Scanner Appliance": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Step 3 - Activate the Scanner Appliance");

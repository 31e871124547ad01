// Manual section "Step 1 - Connect the Scanner Appliance to the Network": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Step 1 - Connect the Scanner Appliance to the Network");

// Manual section "A Quick Look at the Appliance": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("A Quick Look at the Appliance");

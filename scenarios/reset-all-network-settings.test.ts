// Manual section "Reset All Network Settings": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Reset All Network Settings");

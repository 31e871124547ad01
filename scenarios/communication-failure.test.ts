// Manual section "Communication Failure message": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Communication Failure message");

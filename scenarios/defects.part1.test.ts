// The defect proof, part 1 of 4 (scenarios/defect-proof.ts).
import { defectProof } from "./defect-proof.ts";

defectProof(1, 4);

import { runFaultMatrix } from "./matrix.js";
import { auth0Target } from "./targets/auth0.js";

runFaultMatrix(auth0Target);

import { runFaultMatrix } from "./matrix.js";
import { githubTarget } from "./targets/github.js";

runFaultMatrix(githubTarget);

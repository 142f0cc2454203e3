import { runFaultMatrix } from "./matrix.js";
import { datadogTarget } from "./targets/datadog.js";

runFaultMatrix(datadogTarget);

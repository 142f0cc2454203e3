#!/usr/bin/env node
import { keepYoungGenerationSmall } from "./memory.js";

keepYoungGenerationSmall();
const { main } = await import("./main.js");
process.exitCode = await main(process.argv.slice(2));

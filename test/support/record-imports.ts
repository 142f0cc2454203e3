/** `node --import ./record-imports.js`: records every module the process resolves (see import-recorder.ts). */
import { register } from "node:module";

register(new URL("./import-recorder.js", import.meta.url));

/** The config layer's public face: load and validate desired-state.yaml, and the schemas and docs derived from it. */
export { diagnosticsDoc, diagnosticsDocPath } from "./diagnostic-docs.js";
export { desiredStateJsonSchema } from "./json-schema.js";
export { type LoadResult, loadDesiredStateFile, loadDesiredStateText } from "./load.js";
export { fillIn } from "./placeholders.js";
export { desiredStateSchema } from "./schema.js";
export { refusedValueVariable } from "./trust.js";
export { appendListItems } from "./yaml-edit.js";

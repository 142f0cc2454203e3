/** The config layer's public face: load and validate desired-state.yaml, and the schemas editors use. */
export { loadDesiredStateFile, loadDesiredStateText, type LoadResult } from "./load.js";

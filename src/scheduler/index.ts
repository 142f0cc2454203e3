export { type Clock, systemClock } from "./clock.js";
export {
  parseSchedule,
  runOnSchedule,
  type ScheduleOptions,
  type ScheduleResult,
  type SignalSource,
} from "./schedule.js";
export { abortOnShutdown } from "./shutdown.js";

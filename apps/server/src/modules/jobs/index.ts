export {
  type DeadLetter,
  type JobHandler,
  JobQueue,
  type QueueOptions,
  type QueueSettings,
  type SendOptions,
} from "./job-queue.ts";
export { TIMER_QUEUE, type Timer, type TimerHandler, Timers } from "./timers.ts";

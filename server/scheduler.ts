import type { Db } from '../db/index.js';
import { runConsultationSchedule } from './consultations/lifecycle.js';
import { runPollSchedule } from './polls/manage.js';

/** Work that is due at a point in time; given the clock so that tests can move it. */
export interface ScheduledJob {
  name: string;
  run(db: Db, now: Date): Promise<unknown>;
}

/** Everything the server runs on a timer. Each job must be safe to run on several nodes at once. */
export const scheduledJobs: ScheduledJob[] = [
  { name: 'consultation opening and closing', run: runConsultationSchedule },
  { name: 'poll opening and closing', run: runPollSchedule },
];

export interface SchedulerOptions {
  intervalMs?: number;
  clock?: () => Date;
}

/**
 * Runs every job once at start and then on an interval. A round never
 * overlaps the previous one; a failing job is logged and the others still run.
 */
export function startScheduler(db: Db, jobs: ScheduledJob[], options: SchedulerOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  let round: Promise<void> | undefined;
  const tick = () => {
    round ??= (async () => {
      for (const job of jobs) {
        try {
          await job.run(db, clock());
        } catch (error) {
          console.error(`[scheduler] ${job.name}:`, error);
        }
      }
    })().finally(() => {
      round = undefined;
    });
    return round;
  };
  void tick();
  const timer = setInterval(tick, options.intervalMs ?? 30_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}

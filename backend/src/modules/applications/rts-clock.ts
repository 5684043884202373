import type { EntityManager } from '@mikro-orm/postgresql';
import { itemDueDates, type SqlPart } from '../movement/index.js';
import { istDate } from '../../shared/dates.js';
import type { Application } from './applications.entity.js';

/**
 * The Right to Service clock of an application — the one place it is kept. It runs from the filing of
 * a complete application for the service's notified timeline, in working days of the office it was
 * routed to (its weekly offs and holidays); it pauses while the application is with the applicant for
 * correction (the working days left are kept) and resumes when they resubmit; it stops at disposal,
 * which is on time when on or before the due date. A timeline already missed does not pause: the
 * delay was the office's, and its appeal runs on.
 */
export const rtsClock = {
  /** The due date of a timeline of `days` working days filed `today` at the office. */
  start: (em: EntityManager, officeId: string, today: string, days: number): Promise<string> =>
    itemDueDates.use.addWorkingDays(em, officeId, today, days),
  /** `start` as an SQL expression of the due date (with its parameters), for the statement that files the application. */
  startSql: (officeId: string, today: string, days: number): SqlPart => itemDueDates.use.addWorkingDaysSql(officeId, today, days),

  /**
   * Pauses the clock (the application goes back to the applicant): the columns to set, and into `dated` the
   * one the office's calendar gives (the working days left), unless the timeline was already missed.
   */
  pause(app: Clock, today: string, dated: Record<string, SqlPart>): Record<string, unknown> {
    if (!app.rtsDueDate || app.rtsDueDate < today) return {};
    dated.rts_days_left = itemDueDates.use.workingDaysBetweenSql(app.officeId, today, app.rtsDueDate);
    return { rts_due_date: null };
  },

  /** Resumes a paused clock (the applicant resubmitted): the working days left run again from today. */
  resume(app: Clock, today: string, dated: Record<string, SqlPart>): Record<string, unknown> {
    if (app.rtsDaysLeft == null) return {};
    dated.rts_due_date = itemDueDates.use.addWorkingDaysSql(app.officeId, today, app.rtsDaysLeft);
    return { rts_days_left: null };
  },

  /** Stops the clock at disposal: on time when on or before the due date. */
  onTime: (app: Pick<Clock, 'rtsDueDate'>, today: string): boolean => !app.rtsDueDate || today <= app.rtsDueDate,
};

/** What the clock reads of an application. */
interface Clock {
  officeId: string;
  rtsDueDate: string | null;
  rtsDaysLeft: number | null;
}

/** The clock as staff and the applicant see it: the due date, paused (with working days left), overdue, and on time once disposed of. */
export function rtsView(app: Pick<Application, 'status' | 'rtsDueDate' | 'rtsDaysLeft' | 'onTime'>, today = istDate()) {
  return {
    dueDate: app.rtsDueDate ?? null,
    paused: app.rtsDaysLeft != null,
    daysLeft: app.rtsDaysLeft ?? null,
    overdue: app.status !== 'closed' && !!app.rtsDueDate && app.rtsDueDate < today,
    onTime: app.onTime ?? null,
  };
}

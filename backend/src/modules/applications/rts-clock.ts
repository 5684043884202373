import type { EntityManager } from '@mikro-orm/postgresql';
import { itemDueDates } from '../movement/index.js';
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

  async pause(em: EntityManager, app: Application, today: string): Promise<void> {
    if (!app.rtsDueDate || app.rtsDueDate < today) return;
    app.rtsDaysLeft = Math.max(0, await itemDueDates.use.workingDaysBetween(em, app.office.id, today, app.rtsDueDate));
    app.rtsDueDate = null;
  },

  async resume(em: EntityManager, app: Application, today: string): Promise<void> {
    if (app.rtsDaysLeft == null) return;
    app.rtsDueDate = await itemDueDates.use.addWorkingDays(em, app.office.id, today, app.rtsDaysLeft);
    app.rtsDaysLeft = null;
  },

  stop(app: Application, today: string): void {
    app.onTime = !app.rtsDueDate || today <= app.rtsDueDate;
  },
};

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

import { route } from '../../http/route.js';
import { sendDownload as send } from '../../http/download.js';
import * as s from './pendency.schemas.js';
import { pendencySummary } from './pendency-summary.js';
import { listPendingItems, listMineWithOthers } from './list-pending-items.js';
import { disposalReport } from './disposal-report.js';
import { listRegister } from './list-register.js';
import { getItemPendency, inspectItem } from './item-pendency.js';
import { recordDelayReason } from './record-delay-reason.js';
import { setItemRegister } from './set-item-register.js';
import { remindHolder } from './remind-holder.js';
import { getPendencyConfig, replaceRules, replaceEscalationLevels, setWorkWeek } from './pendency-config.js';
import { addHoliday, listHolidays, removeHoliday } from './holidays.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.js';
import { exportReport } from './export-report.js';

const tags = ['pendency'];
const EXPORT = {
  contentType: ['text/csv', 'application/pdf'],
  description:
    'The report as CSV (UTF-8 with BOM) or PDF (A4, landscape when the table is wide), in the user’s language; saved as a download',
};

export const pendencyRoutes = [
  // dashboard and reports (every report also as CSV or PDF: …/export?format=csv|pdf with the same filters)
  route({
    method: 'get',
    path: '/api/pendency/summary',
    summary: "Pendency dashboard for the acting post's scope: office → section → post, age buckets, overdue, weekly trend",
    tags,
    access: 'user',
    query: s.summaryQuery,
    response: s.summaryOut,
    handler: (scope, { query }) => pendencySummary(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/pendency/summary/export',
    summary: 'The dashboard as CSV or PDF (format=csv|pdf)',
    tags,
    access: 'user',
    query: s.summaryExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportReport(scope, { report: 'summary', query })),
  }),
  route({
    method: 'get',
    path: '/api/pendency/items',
    summary:
      'Drill-down: pending items of the scope by office, section, post, age bucket, overdue; graded items the viewer may not see come as hidden rows',
    tags,
    access: 'user',
    query: s.itemsQuery,
    response: s.itemsOut,
    handler: (scope, { query }) => listPendingItems(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/pendency/items/export',
    summary: 'The drill-down list as CSV or PDF (up to 10,000 rows)',
    tags,
    access: 'user',
    query: s.itemsExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportReport(scope, { report: 'items', query })),
  }),
  route({
    method: 'get',
    path: '/api/pendency/mine-with-others',
    summary: 'Items the acting post sent or returned that are now pending with another post',
    tags,
    access: 'user',
    query: s.mineQuery,
    response: s.itemsOut,
    handler: (scope, { query }) => listMineWithOthers(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/pendency/mine-with-others/export',
    summary: '“Mine with others” as CSV or PDF',
    tags,
    access: 'user',
    query: s.mineExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportReport(scope, { report: 'mine', query })),
  }),
  route({
    method: 'get',
    path: '/api/pendency/disposal',
    summary: 'Per post: items received, disposed and sent on, median handling time, over a date range',
    tags,
    access: 'user',
    query: s.disposalQuery,
    response: s.disposalOut,
    handler: (scope, { query }) => disposalReport(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/pendency/disposal/export',
    summary: 'Disposal and handling time as CSV or PDF',
    tags,
    access: 'user',
    query: s.disposalExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportReport(scope, { report: 'disposal', query })),
  }),
  route({
    method: 'get',
    path: '/api/pendency/registers/:register',
    summary: 'A special register (RTI, court cases, VIP/MP references) of the scope, with its own deadlines',
    tags,
    access: 'user',
    params: s.registerParams,
    query: s.registerQuery,
    response: s.registerOut,
    handler: (scope, { params, query }) => listRegister(scope, params.register, query),
  }),
  route({
    method: 'get',
    path: '/api/pendency/registers/:register/export',
    summary: 'A special register as CSV or PDF',
    tags,
    access: 'user',
    params: s.registerParams,
    query: s.registerExportQuery,
    raw: EXPORT,
    handler: async (scope, { params, query, koa }) =>
      send(koa, await exportReport(scope, { report: 'register', register: params.register, query })),
  }),

  // one item
  route({
    method: 'get',
    path: '/api/pendency/items/:type/:id',
    summary: "An item's pendency: due dates and their source, delay reasons, reminders and escalations",
    tags,
    access: 'user',
    params: s.itemParams,
    response: s.itemPendencyOut,
    handler: (scope, { params }) => getItemPendency(scope, params.type, params.id),
  }),
  route({
    method: 'post',
    path: '/api/pendency/items/:type/:id/delay-reason',
    summary: 'The holder records why it keeps the item longer, and by when it expects to be done (audited; escalation waits)',
    tags,
    access: 'user',
    params: s.itemParams,
    body: s.delayReasonIn,
    response: s.itemPendencyOut,
    status: 201,
    handler: (scope, { params, body }) => recordDelayReason(scope, params.type, params.id, body),
  }),
  route({
    method: 'put',
    path: '/api/pendency/items/:type/:id/register',
    summary: 'The holder enters the item in a special register (RTI, court case, VIP/MP reference) or takes it out (audited)',
    tags,
    access: 'user',
    params: s.itemParams,
    body: s.setRegisterIn,
    response: s.itemPendencyOut,
    handler: (scope, { params, body }) => setItemRegister(scope, params.type, params.id, body),
  }),
  route({
    method: 'post',
    path: '/api/pendency/items/:type/:id/remind',
    summary:
      "A supervising post reminds the holder of an item pending in its scope: a notification to the holder's post; audited; once per item a day (422 after that)",
    tags,
    access: 'user',
    params: s.itemParams,
    response: s.itemPendencyOut,
    status: 201,
    handler: (scope, { params }) => remindHolder(scope, params.type, params.id),
  }),
  route({
    method: 'post',
    path: '/api/pendency/items/:type/:id/inspect',
    summary: 'A supervising post opens an ungraded item pending in its scope: read-only access, audited',
    tags,
    access: 'user',
    params: s.itemParams,
    response: s.inspectOut,
    handler: (scope, { params }) => inspectItem(scope, params.type, params.id),
  }),

  // configuration: deadlines, working-day calendar, escalation levels
  route({
    method: 'get',
    path: '/api/pendency/config',
    summary: 'Deadline rules, escalation levels and weekly offs',
    tags,
    access: 'user',
    response: s.configOut,
    handler: (scope) => getPendencyConfig(scope),
  }),
  route({
    method: 'put',
    path: '/api/pendency/rules',
    summary: 'Replace the deadline rules (due dates of pending items are recomputed)',
    tags,
    access: 'admin',
    body: s.rulesIn,
    response: s.configOut,
    handler: (scope, { body }) => replaceRules(scope, body.rules),
  }),
  route({
    method: 'put',
    path: '/api/pendency/escalation',
    summary: 'Replace the escalation levels',
    tags,
    access: 'admin',
    body: s.escalationIn,
    response: s.configOut,
    handler: (scope, { body }) => replaceEscalationLevels(scope, body.levels),
  }),
  route({
    method: 'put',
    path: '/api/pendency/work-week',
    summary: 'Set the weekly offs of an office (or the default)',
    tags,
    access: 'admin',
    body: s.workWeekIn,
    response: s.configOut,
    handler: (scope, { body }) => setWorkWeek(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/pendency/holidays',
    summary: 'Holidays (of an office: its own, its parents’ and the general ones)',
    tags,
    access: 'user',
    query: s.holidaysQuery,
    response: s.holidaysOut,
    handler: (scope, { query }) => listHolidays(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/pendency/holidays',
    summary: 'Add a holiday for every office or for an office and those under it',
    tags,
    access: 'admin',
    body: s.holidayIn,
    response: s.holidayOut,
    status: 201,
    handler: (scope, { body }) => addHoliday(scope, body),
  }),
  route({
    method: 'delete',
    path: '/api/pendency/holidays/:id',
    summary: 'Remove a holiday',
    tags,
    access: 'admin',
    params: s.holidayParams,
    status: 204,
    handler: (scope, { params }) => removeHoliday(scope, params.id),
  }),

  // in-app notifications of the acting post (reminders, escalations)
  route({
    method: 'get',
    path: '/api/notifications',
    summary: "The acting post's notifications, newest first, with the unread count",
    tags: ['notifications'],
    access: 'user',
    query: s.notificationsQuery,
    response: s.notificationsOut,
    handler: (scope, { query }) => listNotifications(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/notifications/read-all',
    summary: "Mark all the acting post's notifications read",
    tags: ['notifications'],
    access: 'user',
    response: s.readAllOut,
    handler: (scope) => markAllNotificationsRead(scope),
  }),
  route({
    method: 'post',
    path: '/api/notifications/:id/read',
    summary: 'Mark a notification read',
    tags: ['notifications'],
    access: 'user',
    params: s.notificationParams,
    response: s.notificationOut,
    handler: (scope, { params }) => markNotificationRead(scope, params.id),
  }),
];

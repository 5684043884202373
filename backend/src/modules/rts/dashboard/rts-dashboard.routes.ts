import { route } from '../../../http/route.js';
import { sendDownload as send } from '../../../http/download.js';
import * as s from './rts-dashboard.schemas.js';
import { rtsDashboard } from './rts-dashboard.js';
import { listRtsApplications } from './list-rts-applications.js';
import { rtsFeedback } from './rts-feedback.js';
import { exportRtsReport } from './export-rts-report.js';
import { rtsDashboardAccess } from './rts-access.js';
import { inspectRtsApplication } from './inspect-rts-application.js';
import { z } from 'zod';
import { id } from '../../../shared/schemas.js';

const tags = ['rts'];
const description =
  'For the Right to Service Commission (every office) and supervising posts heading offices under their own (their office and those under it); anyone else gets 404.';
const EXPORT = {
  contentType: ['text/csv', 'application/pdf'],
  description: 'The report as CSV (UTF-8 with BOM) or PDF (A4, Hindi shaped), in the user’s language; saved as a download',
};

export const rtsDashboardRoutes = [
  route({
    method: 'get',
    path: '/api/rts/access',
    summary: 'Whether the acting post may see the RTS dashboard, and over what (for the navigation)',
    tags,
    access: 'user',
    response: s.accessOut,
    handler: (scope) => rtsDashboardAccess(scope),
  }),
  route({
    method: 'get',
    path: '/api/rts/dashboard',
    summary:
      'RTS dashboard over whole months: headline figures (processing rate, on-time delivery, median/average processing time, pendency) with definitions; per service, office and designated officer; monthly trend; offices and departments ranked by delay',
    description,
    tags,
    access: 'user',
    query: s.dashboardQuery,
    response: s.dashboardOut,
    handler: (scope, { query }) => rtsDashboard(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/rts/dashboard/export',
    summary: 'The RTS dashboard as CSV or PDF (format=csv|pdf)',
    description,
    tags,
    access: 'user',
    query: s.dashboardExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportRtsReport(scope, { report: 'dashboard', query })),
  }),
  route({
    method: 'get',
    path: '/api/rts/dashboard/applications',
    summary:
      'Drill-down: the applications behind a figure (received, disposed, late, pending, beyond the timeline), by office, service or officer',
    description,
    tags,
    access: 'user',
    query: s.drillQuery,
    response: s.drillOut,
    handler: (scope, { query }) => listRtsApplications(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/rts/dashboard/applications/:id/inspect',
    summary:
      'Open an application behind a figure: read-only access for the viewer when its office is in the scope and it is not graded (audited)',
    description,
    tags,
    access: 'user',
    params: z.object({ id }),
    response: z.object({ id, granted: z.boolean() }),
    handler: (scope, { params }) => inspectRtsApplication(scope, params.id),
  }),
  route({
    method: 'get',
    path: '/api/rts/dashboard/applications/export',
    summary: 'The drill-down list as CSV or PDF (up to 10,000 rows)',
    description,
    tags,
    access: 'user',
    query: s.drillExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportRtsReport(scope, { report: 'applications', query })),
  }),
  route({
    method: 'get',
    path: '/api/rts/dashboard/feedback',
    summary: "Citizens' ratings and comments on disposals of the period, per service, office and designated officer",
    description,
    tags,
    access: 'user',
    query: s.feedbackQuery,
    response: s.feedbackOut,
    handler: (scope, { query }) => rtsFeedback(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/rts/dashboard/feedback/export',
    summary: 'The feedback as CSV or PDF',
    description,
    tags,
    access: 'user',
    query: s.feedbackExportQuery,
    raw: EXPORT,
    handler: async (scope, { query, koa }) => send(koa, await exportRtsReport(scope, { report: 'feedback', query })),
  }),
];

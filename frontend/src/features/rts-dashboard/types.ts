// Shapes of the RTS dashboard API (issue 17), as aliases over the generated schema.
import type { Item, Ok, Query } from '../../api/types';

export type RtsDashboard = Ok<'/api/rts/dashboard', 'get'>;
export type RtsDashboardQuery = Query<'/api/rts/dashboard', 'get'>;
export type RtsFigures = RtsDashboard['totals'];
export type RtsServiceRow = RtsDashboard['services'][number];
export type RtsOfficeRow = RtsDashboard['offices'][number];
export type RtsOfficerRow = RtsDashboard['officers'][number];
export type RtsMonth = RtsDashboard['trend'][number];
export type RtsRankedOffice = RtsDashboard['ranking']['offices'][number];
export type RtsRankedDepartment = RtsDashboard['ranking']['departments'][number];
export type RtsDefinition = RtsDashboard['definitions'][number];

export type RtsApplicationsPage = Ok<'/api/rts/dashboard/applications', 'get'>;
export type RtsApplicationsQuery = Query<'/api/rts/dashboard/applications', 'get'>;
export type RtsApplication = Item<RtsApplicationsPage>;
export type RtsFeedback = Ok<'/api/rts/dashboard/feedback', 'get'>;
export type RtsFeedbackQuery = Query<'/api/rts/dashboard/feedback', 'get'>;
export type RtsAccess = Ok<'/api/rts/access', 'get'>;

export const DRILL_KINDS = ['received', 'disposed', 'late', 'pending', 'beyond'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

import type { RouteRecordRaw } from 'vue-router';

/** Children of the shell: Right to Service appeals under /rts/appeals (the RTS dashboard is /rts). */
export const rtsAppealsRoutes: RouteRecordRaw[] = [
  {
    path: 'rts/appeals',
    name: 'rts-appeals',
    component: () => import('./views/AppealsView.vue'),
    meta: { titleKey: 'rtsAppeals.list.title' },
  },
  {
    path: 'rts/appeals/:id',
    name: 'rts-appeal',
    component: () => import('./views/AppealView.vue'),
    meta: { titleKey: 'rtsAppeals.detail.title' },
  },
];

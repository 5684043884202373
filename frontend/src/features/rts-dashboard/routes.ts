import type { RouteRecordRaw } from 'vue-router';

/** Children of the shell: the RTS dashboard, the applications behind a figure, citizens' feedback. */
export const rtsDashboardRoutes: RouteRecordRaw[] = [
  {
    path: 'rts',
    component: () => import('./views/RtsView.vue'),
    meta: { titleKey: 'rtsDashboard.title' },
    children: [
      { path: '', name: 'rts', component: () => import('./views/RtsDashboardView.vue'), meta: { titleKey: 'rtsDashboard.title' } },
      {
        path: 'applications',
        name: 'rts-applications',
        component: () => import('./views/RtsApplicationsView.vue'),
        meta: { titleKey: 'rtsDashboard.drill.title' },
      },
      {
        path: 'feedback',
        name: 'rts-feedback',
        component: () => import('./views/RtsFeedbackView.vue'),
        meta: { titleKey: 'rtsDashboard.feedback.title' },
      },
    ],
  },
];

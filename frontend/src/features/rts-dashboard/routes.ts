import type { RouteLocationNormalized, RouteLocationRaw, RouteRecordRaw } from 'vue-router';
import { rtsApi } from './api';

/** Opening an application from the RTS lists: read-only access first (audited), then its page (which says why if it still may not be seen). */
export async function openRtsApplication(to: RouteLocationNormalized): Promise<RouteLocationRaw> {
  const id = String(to.params.id);
  try {
    await rtsApi.inspect(id);
  } catch {
    // the application's page shows the API's own answer
  }
  return { name: 'application', params: { id }, replace: true };
}

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
      // never shown: the guard takes read-only access and moves on to /applications/:id
      { path: 'open/:id', name: 'rts-open', beforeEnter: openRtsApplication, component: () => import('../common/views/NotFoundView.vue') },
      {
        path: 'feedback',
        name: 'rts-feedback',
        component: () => import('./views/RtsFeedbackView.vue'),
        meta: { titleKey: 'rtsDashboard.feedback.title' },
      },
    ],
  },
];

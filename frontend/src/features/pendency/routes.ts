import type { RouteLocationNormalized, RouteLocationRaw, RouteRecordRaw } from 'vue-router';
import { pendencyApi } from './api';

/**
 * Opening an item from a pendency list: a supervising post first takes read-only access to an
 * ungraded item of its scope (audited), then the item's own page opens. A post already on the
 * access list gets nothing new; if the call fails the item's page says why. An application opens as it
 * is (its own page says whether the user may see it).
 */
export async function openPendingItem(to: RouteLocationNormalized): Promise<RouteLocationRaw> {
  const id = String(to.params.id);
  if (to.params.type === 'appln') return { name: 'application', params: { id }, replace: true };
  const type = to.params.type === 'file' ? 'file' : 'receipt';
  try {
    await pendencyApi.inspect(type, id);
  } catch {
    // the receipt or file view shows the API's own answer
  }
  return { name: type, params: { id }, replace: true };
}

/** Children of the shell: the dashboard and its reports under /pendency. */
export const pendencyRoutes: RouteRecordRaw[] = [
  {
    path: 'pendency',
    component: () => import('./views/PendencyView.vue'),
    meta: { titleKey: 'nav.pendency' },
    children: [
      { path: '', name: 'pendency', component: () => import('./views/PendencyDashboardView.vue'), meta: { titleKey: 'nav.pendency' } },
      {
        path: 'items',
        name: 'pendency-items',
        component: () => import('./views/PendencyItemsView.vue'),
        meta: { titleKey: 'pendency.items.title' },
      },
      {
        path: 'mine',
        name: 'pendency-mine',
        component: () => import('./views/PendencyMineView.vue'),
        meta: { titleKey: 'pendency.mine.title' },
      },
      {
        path: 'disposal',
        name: 'pendency-disposal',
        component: () => import('./views/PendencyDisposalView.vue'),
        meta: { titleKey: 'pendency.disposal.title' },
      },
      { path: 'registers', redirect: { name: 'pendency-register', params: { register: 'rti' } } },
      {
        path: 'registers/:register(rti|court|vip)',
        name: 'pendency-register',
        component: () => import('./views/PendencyRegistersView.vue'),
        meta: { titleKey: 'pendency.registers.title' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('./views/NotificationsView.vue'),
        meta: { titleKey: 'notifications.title' },
      },
      // never shown: the guard inspects and moves on to /receipts/:id or /files/:id (an application: /applications/:id)
      {
        path: 'open/:type(receipt|file|appln)/:id',
        name: 'pendency-open',
        beforeEnter: openPendingItem,
        component: () => import('../common/views/NotFoundView.vue'),
      },
    ],
  },
];

import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router';
import type { Capability } from '../api/types';
import { useMeStore } from '../features/auth/store';
import { i18n } from '../i18n';
import { pendencyRoutes } from '../features/pendency/routes';
import { rtsAppealsRoutes } from '../features/rts-appeals/routes';
import { rtsDashboardRoutes } from '../features/rts-dashboard/routes';
import { safeRedirect } from './redirect';

export { safeRedirect };

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    titleKey?: string;
    /** Reachable without a session. */
    public?: boolean;
    /** The acting post must have this capability. */
    capability?: Capability;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../features/auth/views/LoginView.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  // the public check of a signed PDF and the QR code's target: no login
  {
    path: '/verify',
    name: 'verify',
    component: () => import('../features/signing/verify/VerifyView.vue'),
    meta: { public: true, titleKey: 'verify.title' },
  },
  {
    path: '/verify/:token',
    name: 'verify-code',
    component: () => import('../features/signing/verify/VerifyCodeView.vue'),
    meta: { public: true, titleKey: 'verify.code.title' },
  },
  // the short link an applicant's pass is sent by SMS (issue 16): no login
  {
    path: '/p/:linkId',
    name: 'public-pass',
    component: () => import('../features/passes/views/PublicPassView.vue'),
    meta: { public: true, titleKey: 'passes.public.tag' },
  },
  // the checkpoint and gate app: a full-screen phone app outside the shell; it opens offline too (its
  // service worker keeps it), so it checks the session itself — the API refuses posts without the capability
  {
    path: '/check',
    name: 'check',
    component: () => import('../features/checkpoint/views/CheckView.vue'),
    meta: { public: true, titleKey: 'check.title' },
  },
  // public services: the catalogue and the applicant's sign-in with a one-time code (no staff login)
  {
    path: '/services',
    name: 'public-services',
    component: () => import('../features/public-services/views/PublicServicesView.vue'),
    meta: { public: true, titleKey: 'publicServices.title' },
  },
  {
    path: '/services/sign-in',
    name: 'applicant-sign-in',
    component: () => import('../features/public-services/views/ApplicantSignInView.vue'),
    meta: { public: true, titleKey: 'publicServices.signInTitle' },
  },
  // the signed-in applicant's pages (their own session, not a staff login: the pages send them to sign in)
  {
    path: '/services/apply/:code',
    name: 'applicant-apply',
    component: () => import('../features/public-services/views/ApplyView.vue'),
    meta: { public: true, titleKey: 'publicServices.apply' },
  },
  {
    path: '/services/status',
    name: 'public-status',
    component: () => import('../features/public-services/views/StatusLookupView.vue'),
    meta: { public: true, titleKey: 'publicServices.lookup.title' },
  },
  {
    path: '/services/my',
    name: 'applicant-applications',
    component: () => import('../features/public-services/views/MyApplicationsView.vue'),
    meta: { public: true, titleKey: 'publicServices.my.title' },
  },
  // reference numbers have slashes (EPASS/PBT/2026/000123): encoded (%2F) in links made here, but a typed or shared address with plain slashes works too
  {
    path: '/services/applications/:ref(.+)',
    name: 'applicant-application',
    component: () => import('../features/public-services/views/ApplicationStatusView.vue'),
    meta: { public: true, titleKey: 'publicServices.status.title' },
  },
  {
    path: '/',
    component: () => import('../features/shell/components/AppShell.vue'),
    children: [
      { path: '', redirect: { name: 'inbox' } },
      {
        path: 'dak',
        name: 'dak',
        component: () => import('../features/dak/views/DakView.vue'),
        meta: { titleKey: 'nav.dak', capability: 'dak' },
      },
      {
        path: 'dak/register',
        name: 'dak-register',
        component: () => import('../features/dak/views/DiariseView.vue'),
        meta: { titleKey: 'diarise.registerTitle', capability: 'dak' },
      },
      {
        path: 'registers/issued',
        name: 'issued-register',
        component: () => import('../features/passes/views/IssuedRegisterView.vue'),
        meta: { titleKey: 'passes.register.title' },
      },
      {
        path: 'registers',
        name: 'registers',
        component: () => import('../features/registers/views/RegistersView.vue'),
        meta: { titleKey: 'registers.title' },
      },
      { path: 'inbox', name: 'inbox', component: () => import('../features/inbox/views/InboxView.vue'), meta: { titleKey: 'nav.inbox' } },
      {
        path: 'receipts/:id',
        name: 'receipt',
        component: () => import('../features/receipts/views/ReceiptView.vue'),
        meta: { titleKey: 'receipt.title' },
      },
      {
        path: 'receipts/:id/diarise',
        name: 'receipt-diarise',
        component: () => import('../features/dak/views/DiariseView.vue'),
        meta: { titleKey: 'diarise.title' },
      },
      {
        path: 'applications/new',
        name: 'application-new',
        component: () => import('../features/applications/views/NewApplicationView.vue'),
        meta: { titleKey: 'applications.new.title' },
      },
      {
        path: 'applications/:id',
        name: 'application',
        component: () => import('../features/applications/views/ApplicationView.vue'),
        meta: { titleKey: 'applications.title' },
      },
      {
        path: 'search',
        name: 'search',
        component: () => import('../features/search/views/SearchView.vue'),
        meta: { titleKey: 'search.title' },
      },
      { path: 'files', name: 'files', component: () => import('../features/files/views/FilesView.vue'), meta: { titleKey: 'nav.files' } },
      {
        path: 'files/:id',
        name: 'file',
        component: () => import('../features/files/views/FileView.vue'),
        meta: { titleKey: 'files.fileTitle' },
      },
      {
        path: 'signing',
        name: 'signing',
        component: () => import('../features/signing/views/MyDscView.vue'),
        meta: { titleKey: 'signing.my.title' },
      },
      {
        path: 'dispatch',
        name: 'dispatch',
        component: () => import('../features/signing/views/DispatchView.vue'),
        meta: { titleKey: 'dispatch.title' },
      },
      ...pendencyRoutes,
      ...rtsAppealsRoutes,
      ...rtsDashboardRoutes,
      {
        path: 'admin',
        component: () => import('../features/admin/views/AdminView.vue'),
        meta: { capability: 'admin', titleKey: 'nav.admin' },
        children: [
          { path: '', name: 'admin', redirect: { name: 'admin-offices' } },
          {
            path: 'offices',
            name: 'admin-offices',
            component: () => import('../features/admin/views/AdminOfficesView.vue'),
            meta: { titleKey: 'admin.offices.title' },
          },
          {
            path: 'sections',
            name: 'admin-sections',
            component: () => import('../features/admin/views/AdminSectionsView.vue'),
            meta: { titleKey: 'admin.sections.title' },
          },
          {
            path: 'file-heads',
            name: 'admin-file-heads',
            component: () => import('../features/admin/views/AdminFileHeadsView.vue'),
            meta: { titleKey: 'admin.fileHeads.title' },
          },
          {
            path: 'posts',
            name: 'admin-posts',
            component: () => import('../features/admin/views/AdminPostsView.vue'),
            meta: { titleKey: 'admin.posts.title' },
          },
          {
            path: 'users',
            name: 'admin-users',
            component: () => import('../features/admin/views/AdminUsersView.vue'),
            meta: { titleKey: 'admin.users.title' },
          },
          {
            path: 'charges',
            name: 'admin-charges',
            component: () => import('../features/admin/views/AdminChargesView.vue'),
            meta: { titleKey: 'admin.charges.title' },
          },
          {
            path: 'jurisdiction',
            name: 'admin-jurisdiction',
            component: () => import('../features/admin/views/AdminJurisdictionView.vue'),
            meta: { titleKey: 'admin.jurisdiction.title' },
          },
          {
            path: 'outbox',
            name: 'admin-outbox',
            component: () => import('../features/admin/views/AdminOutboxView.vue'),
            meta: { titleKey: 'admin.outbox.title' },
          },
          {
            // the editor sits under the list, so that the Services tab stays marked while a service is edited
            path: 'services',
            children: [
              {
                path: '',
                name: 'admin-services',
                component: () => import('../features/admin/views/AdminServicesView.vue'),
                meta: { titleKey: 'admin.services.title' },
              },
              {
                path: 'new',
                name: 'admin-service-new',
                component: () => import('../features/admin/views/AdminServiceEditorView.vue'),
                meta: { titleKey: 'admin.services.newTitle' },
              },
              {
                path: ':code',
                name: 'admin-service',
                component: () => import('../features/admin/views/AdminServiceEditorView.vue'),
                meta: { titleKey: 'admin.services.editorTitle' },
              },
            ],
          },
          {
            path: 'signing-certificates',
            name: 'admin-signing-certificates',
            component: () => import('../features/signing/views/AdminSigningCertificatesView.vue'),
            meta: { titleKey: 'admin.signingCertificates.title' },
          },
        ],
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../features/common/views/NotFoundView.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  },
];

export function pageTitle(route: RouteLocationNormalized): string {
  const t = i18n.global.t;
  const app = t('app.name');
  const key = route.meta.titleKey;
  return key ? `${t(key)} — ${app}` : app;
}

export function createAppRouter(history: RouterHistory = createWebHistory(), routeList: RouteRecordRaw[] = routes): Router {
  const router = createRouter({ history, routes: routeList });

  router.beforeEach(async (to) => {
    const me = useMeStore();
    try {
      await me.ensureLoaded();
    } catch {
      // the server is unreachable: the login page says so when the user tries
    }
    if (to.meta.public) {
      if (to.name === 'login' && me.isAuthenticated) return safeRedirect(to.query.redirect) ?? { name: 'inbox' };
      return true;
    }
    if (!me.isAuthenticated) return { name: 'login', query: { redirect: to.fullPath } };
    const needed = to.matched.map((r) => r.meta.capability).find((c) => c);
    if (needed && !me.can(needed)) return { name: 'inbox' };
    return true;
  });

  router.afterEach((to) => {
    if (typeof document !== 'undefined') document.title = pageTitle(to);
  });

  return router;
}

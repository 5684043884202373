// Test helpers: the app's real plugins (Pinia, i18n, PrimeVue, router in memory) and a fake `fetch`
// that plays the API's side of the conversation.
import { afterEach, beforeEach, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ToastService from 'primevue/toastservice';
import ConfirmationService from 'primevue/confirmationservice';
import { createMemoryHistory, type RouteRecordRaw, type Router } from 'vue-router';
import { defineComponent, h, type Plugin } from 'vue';
import { VueQueryPlugin } from '@tanstack/vue-query';
import { applyLocale, i18n } from '../i18n';
import { keys, queryClient } from '../api/queries';
import type { Me } from '../api/types';
import { installHintInvalidation } from '../realtime/invalidation';
import { createAppRouter, routes } from '../router';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Responder = (req: RecordedRequest) => { status: number; body?: unknown } | undefined;

export function jsonResponse(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** Installs a fake global fetch; `routes` maps "METHOD /path" (without query) to an answer. */
export function fakeApi(routes: Record<string, Responder | { status: number; body?: unknown }>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k.toLowerCase()] = v));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const req = { method, url, headers, body };
    requests.push(req);
    const path = url.split('?')[0];
    const route = routes[`${method} ${path}`];
    const answer = typeof route === 'function' ? route(req) : route;
    if (!answer) return jsonResponse(404, { error: 'NOT_FOUND', message: `no fake for ${method} ${path}` });
    return jsonResponse(answer.status, answer.body);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

export interface Harness {
  pinia: Pinia;
  router: Router;
  plugins: (Plugin | [Plugin, ...unknown[]])[];
}

/** The app's routes and guards, with every page replaced by a stub that names its route. */
function stubRoutes(list: RouteRecordRaw[]): RouteRecordRaw[] {
  return list.map((r) => {
    const copy = { ...r } as RouteRecordRaw & { component?: unknown; children?: RouteRecordRaw[] };
    if (copy.component) {
      copy.component = defineComponent({
        name: `Stub-${String(r.name ?? r.path)}`,
        render: () => h('div', { 'data-stub': String(r.name ?? r.path) }),
      });
    }
    if (copy.children) copy.children = stubRoutes(copy.children);
    return copy as RouteRecordRaw;
  });
}

export function createHarness(): Harness {
  // every test starts with an empty cache, and hints reach it as they do in the app
  queryClient.clear();
  installHintInvalidation(queryClient);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory(), stubRoutes(routes));
  return {
    pinia,
    router,
    plugins: [pinia, [VueQueryPlugin, { queryClient }], i18n, router, [PrimeVue, { unstyled: true }], ToastService, ConfirmationService],
  };
}

/** Signs a user in for a test, as if /api/me had answered with `me`. */
export function signIn(me: Me | null): void {
  queryClient.setQueryData(keys.me, me);
}

/** Every test of the file starts in English with empty storage, and leaves no page and no fake fetch behind. */
export function freshEachTest(): void {
  beforeEach(() => {
    localStorage.clear();
    applyLocale('en');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });
}

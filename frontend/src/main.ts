import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/600.css';
import '@fontsource/noto-sans-devanagari/700.css';
import 'primeicons/primeicons.css';
import './styles.css';

import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { VueQueryPlugin } from '@tanstack/vue-query';
import PrimeVue from 'primevue/config';
import ToastService from 'primevue/toastservice';
import ConfirmationService from 'primevue/confirmationservice';
import App from './App.vue';
import { api } from './api/client';
import { queryClient } from './api/queries';
import { installHintInvalidation } from './realtime/invalidation';
import { i18n, currentLocale } from './i18n';
import { createAppRouter } from './router';
import { useMeStore } from './features/auth/store';
import { PatravaliPreset } from './theme';

document.documentElement.lang = currentLocale();

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(VueQueryPlugin, { queryClient });
installHintInvalidation(queryClient);
app.use(i18n);
const router = createAppRouter();
app.use(router);
app.use(PrimeVue, {
  theme: { preset: PatravaliPreset, options: { darkModeSelector: '.app-dark', cssLayer: false } },
});
app.use(ToastService);
app.use(ConfirmationService);

// A 401 anywhere means the session is gone: back to the login page, remembering where the user was.
api.setUnauthenticatedHandler(() => {
  useMeStore(pinia).clear();
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } });
});
void api.initCsrf().catch(() => undefined);

app.mount('#app');

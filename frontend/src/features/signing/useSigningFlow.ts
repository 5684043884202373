import { computed, ref } from 'vue';
import { isApiError } from '../../api/client';
import { i18n } from '../../i18n';
import type { Locale } from '../../api/types';
import { AgentError, agentErrorText, isAgentError, useSigningAgentStore } from './agent';
import { signingApi } from './api';
import { fetchMyCertificates } from './queries';
import { matchCertificates, type CertificateMatch } from './certs';
import { REJECT_REASONS, type CompletedItem, type EnrolledCertificate, type PreparedItem, type RejectReason, type SignItem } from './types';

/**
 * Where the user is in signing:
 * `starting` (config and agent status) → `agentDown` (nothing answers at the agent's address) →
 * `pair` (this browser has no pairing token the agent accepts) → `pin` (no open PIN session) →
 * `certificate` (choose one of the user's enrolled, active certificates that is on the token — or enrol one) →
 * `signing` (API prepares the digests, the agent signs them all, the API stores the signatures) → `done`.
 * Any failure leaves the user on a step with the reason and a way to try again; a failure that shows
 * the agent is gone, unpaired or locked moves to that step instead.
 */
export type FlowStep = 'starting' | 'agentDown' | 'pair' | 'pin' | 'certificate' | 'signing' | 'done';
export type SignPhase = 'creating' | 'agent' | 'completing';

export interface SigningFlowOptions {
  /** What to sign; empty when the dialog only enrols a certificate. */
  items: () => SignItem[];
}

export function useSigningFlow(options: SigningFlowOptions) {
  const agent = useSigningAgentStore();
  const t = (key: string, named: Record<string, unknown> = {}) => i18n.global.t(key, named);
  const locale = () => i18n.global.locale.value as Locale;

  const step = ref<FlowStep>('starting');
  const busy = ref(false);
  const error = ref('');
  const errorCode = ref<string | null>(null);
  const triesLeft = ref<number | null>(null);
  const rejectReasons = ref<RejectReason[]>([]);
  const matches = ref<CertificateMatch[]>([]);
  /** The agent's id of the chosen certificate. */
  const chosenId = ref<string | null>(null);
  const phase = ref<SignPhase | null>(null);
  const prepared = ref<PreparedItem[]>([]);
  const results = ref<CompletedItem[]>([]);
  const enrollingId = ref<string | null>(null);
  const lastEnrolled = ref<EnrolledCertificate | null>(null);
  /** Counts runs, so an answer to an abandoned run (dialog closed and opened again) is ignored. */
  let run = 0;

  const usable = computed(() => matches.value.filter((m) => m.enrolled?.status === 'active'));
  const others = computed(() => matches.value.filter((m) => m.enrolled?.status !== 'active'));
  const chosen = computed(() => usable.value.find((m) => m.agent.id === chosenId.value) ?? null);

  function clearError(): void {
    error.value = '';
    errorCode.value = null;
    rejectReasons.value = [];
  }

  /** Shows why something failed; moves to the step that fixes it when the agent is gone, unpaired or locked. */
  function fail(e: unknown, stay: FlowStep): void {
    error.value = agentErrorText(e, t, locale());
    errorCode.value = isAgentError(e) ? e.code : isApiError(e) ? e.code : null;
    if (isAgentError(e)) {
      if (e.unreachable) return void (step.value = 'agentDown');
      if (e.code === 'NOT_PAIRED') return void (step.value = 'pair');
      if (e.code === 'SESSION_REQUIRED') return void (step.value = 'pin');
    }
    step.value = stay;
  }

  /** (Re)starts from the top: config, the agent's status, then the first step that needs the user. */
  async function start(): Promise<void> {
    const mine = ++run;
    step.value = 'starting';
    clearError();
    triesLeft.value = null;
    results.value = [];
    prepared.value = [];
    lastEnrolled.value = null;
    await advance(mine);
  }

  async function advance(mine = run): Promise<void> {
    busy.value = true;
    try {
      try {
        await agent.loadConfig();
        await agent.refresh();
      } catch (e) {
        if (mine === run) fail(e, 'starting');
        return;
      }
      if (mine !== run) return;
      if (!agent.paired) step.value = 'pair';
      else if (!agent.sessionOpen) step.value = 'pin';
      else await loadCertificates(mine);
    } finally {
      if (mine === run) busy.value = false;
    }
  }

  async function loadCertificates(mine = run): Promise<void> {
    try {
      const [onToken, mineEnrolled] = await Promise.all([agent.certificates(), fetchMyCertificates()]);
      const list = await matchCertificates(onToken, mineEnrolled);
      if (mine !== run) return;
      matches.value = list;
      const ok = list.filter((m) => m.enrolled?.status === 'active');
      if (!ok.some((m) => m.agent.id === chosenId.value)) chosenId.value = ok[0]?.agent.id ?? null;
      step.value = 'certificate';
    } catch (e) {
      if (mine === run) fail(e, step.value === 'certificate' ? 'certificate' : 'starting');
    }
  }

  async function retry(): Promise<void> {
    clearError();
    await advance();
  }

  async function submitPair(code: string): Promise<boolean> {
    const c = code.replace(/\s+/g, '');
    clearError();
    if (!/^\d{6}$/.test(c)) {
      error.value = t('signing.pair.invalid');
      return false;
    }
    busy.value = true;
    const mine = run;
    try {
      await agent.pair(c);
      if (mine !== run) return false;
      if (!agent.sessionOpen) step.value = 'pin';
      else await loadCertificates(mine);
      return true;
    } catch (e) {
      if (mine === run) fail(e, 'pair');
      return false;
    } finally {
      if (mine === run) busy.value = false;
    }
  }

  async function submitPin(pin: string): Promise<boolean> {
    clearError();
    if (!pin) {
      error.value = t('signing.pin.required');
      return false;
    }
    busy.value = true;
    const mine = run;
    try {
      await agent.openSession(pin);
      if (mine !== run) return false;
      triesLeft.value = null;
      await loadCertificates(mine);
      return true;
    } catch (e) {
      if (mine !== run) return false;
      if (isAgentError(e) && e.code === 'WRONG_PIN') triesLeft.value = e.triesLeft;
      if (isAgentError(e) && e.code === 'PIN_LOCKED') triesLeft.value = 0;
      fail(e, 'pin');
      return false;
    } finally {
      if (mine === run) busy.value = false;
    }
  }

  /** Signs every item with the chosen certificate: one request, one batch for the agent, one PIN session. */
  async function sign(): Promise<CompletedItem[] | null> {
    const match = chosen.value;
    const items = options.items();
    if (!match?.enrolled || !items.length) return null;
    clearError();
    const mine = run;
    busy.value = true;
    step.value = 'signing';
    phase.value = 'creating';
    prepared.value = [];
    let requestId: string | null = null;
    try {
      const request = await signingApi.createRequest(match.enrolled.id, items);
      requestId = request.id;
      prepared.value = [...request.items].sort((a, b) => a.index - b.index);
      phase.value = 'agent';
      const signed = await agent.sign(
        match.agent.id,
        prepared.value.map((i) => ({ title: i.title, digest: i.digest })),
      );
      // the agent answers each digest with its signature; the API wants them in item order
      const byDigest = new Map(signed.signatures.map((s) => [s.digest, s.signature]));
      const signatures = prepared.value.map((p, i) => byDigest.get(p.digest) ?? signed.signatures[i]?.signature ?? '');
      if (signatures.some((s) => !s)) throw new AgentError('BAD_RESPONSE', 200);
      phase.value = 'completing';
      const done = await signingApi.completeRequest(request.id, { certificate: signed.certificate, chain: signed.chain ?? [], signatures });
      requestId = null;
      if (mine !== run) return null;
      results.value = [...done.items].sort((a, b) => a.index - b.index);
      step.value = 'done';
      return results.value;
    } catch (e) {
      // nothing was stored: give the request (and any issue number it reserved) back
      if (requestId) void signingApi.cancelRequest(requestId).catch(() => undefined);
      if (mine === run) fail(e, 'certificate');
      return null;
    } finally {
      if (mine === run) {
        busy.value = false;
        phase.value = null;
      }
    }
  }

  /** Enrols a certificate on the token: the agent signs the API's challenge with it as proof of holding the key. */
  async function enrol(agentCertId: string): Promise<EnrolledCertificate | null> {
    clearError();
    const mine = run;
    enrollingId.value = agentCertId;
    busy.value = true;
    try {
      const challenge = await signingApi.challenge();
      const signed = await agent.sign(agentCertId, [{ title: challenge.title, digest: challenge.digest }]);
      const signature = signed.signatures[0]?.signature;
      if (!signature) throw new AgentError('BAD_RESPONSE', 200);
      const { certificate } = await signingApi.enrol({
        challengeId: challenge.challengeId,
        certificate: signed.certificate,
        chain: signed.chain ?? [],
        signature,
      });
      if (mine !== run) return certificate;
      lastEnrolled.value = certificate;
      await loadCertificates(mine);
      if (certificate.status === 'active' && usable.value.some((m) => m.agent.id === agentCertId)) chosenId.value = agentCertId;
      return certificate;
    } catch (e) {
      if (mine !== run) return null;
      if (isApiError(e) && e.code === 'CERT_REJECTED') {
        const reasons = e.details?.reasons;
        error.value = e.message || t('signing.enrol.rejected');
        errorCode.value = e.code;
        rejectReasons.value = Array.isArray(reasons)
          ? reasons.filter((r): r is RejectReason => REJECT_REASONS.includes(r as RejectReason))
          : [];
      } else fail(e, 'certificate');
      return null;
    } finally {
      if (mine === run) {
        enrollingId.value = null;
        busy.value = false;
      }
    }
  }

  /** Forget this run (the dialog closed): late answers are ignored. */
  function abandon(): void {
    run++;
    busy.value = false;
    phase.value = null;
    enrollingId.value = null;
  }

  return {
    agent,
    step,
    busy,
    error,
    errorCode,
    triesLeft,
    rejectReasons,
    matches,
    usable,
    others,
    chosenId,
    chosen,
    phase,
    prepared,
    results,
    enrollingId,
    lastEnrolled,
    start,
    retry,
    submitPair,
    submitPin,
    sign,
    enrol,
    loadCertificates: () => loadCertificates(),
    abandon,
  };
}

export type SigningFlow = ReturnType<typeof useSigningFlow>;

import type { Env } from '../config/env.js';

/** A message as a gateway sends it. */
export interface GatewayMessage {
  id: string;
  recipient: string;
  body: string;
  template: string | null;
  params: Record<string, string> | null;
  locale: 'hi' | 'en' | null;
}

/** Why a message can never go out this way (no retry helps): no template registered for it, a refused number. */
export class UndeliverableError extends Error {}

/** A way SMS leave Patravali. */
export interface MessageGateway {
  name: 'http-sms' | 'whatsapp';
  /** Sends one message; answers the gateway's reference. Throws UndeliverableError when retrying cannot help, any other error to retry. */
  deliver(m: GatewayMessage): Promise<{ reference: string | null }>;
}

const templates = (json: string | undefined): Record<string, string> => (json ? (JSON.parse(json) as Record<string, string>) : {});

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status >= 400 && res.status < 500 && res.status !== 429)
    throw new UndeliverableError(`gateway refused the message: ${res.status} ${text.slice(0, 300)}`);
  if (!res.ok) throw new Error(`gateway answered ${res.status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * An HTTP SMS gateway (the kind Indian aggregators and the NIC gateway offer): every SMS to an Indian
 * number must name its DLT-registered template and the principal entity, so a message whose template
 * is not mapped to a DLT template id is undeliverable rather than sent unregistered.
 */
export function httpSmsGateway(
  env: Pick<Env, 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_KEY' | 'SMS_SENDER_ID' | 'SMS_DLT_ENTITY_ID' | 'SMS_DLT_TEMPLATES'>,
): MessageGateway {
  const dlt = templates(env.SMS_DLT_TEMPLATES);
  return {
    name: 'http-sms',
    async deliver(m) {
      const templateId = m.template ? dlt[m.template] : undefined;
      if (!templateId) throw new UndeliverableError(`no DLT template id for the message template "${m.template ?? '(none)'}"`);
      const answer = (await post(
        env.SMS_GATEWAY_URL!,
        { authorization: `Bearer ${env.SMS_GATEWAY_KEY}` },
        {
          sender: env.SMS_SENDER_ID,
          to: `91${m.recipient}`,
          message: m.body,
          unicode: /[^\u0000-\u007f]/.test(m.body),
          dltEntityId: env.SMS_DLT_ENTITY_ID,
          dltTemplateId: templateId,
          reference: m.id,
        },
      )) as { id?: unknown; messageId?: unknown } | null;
      const ref = answer?.messageId ?? answer?.id;
      return { reference: typeof ref === 'string' || typeof ref === 'number' ? String(ref) : null };
    },
  };
}

/**
 * WhatsApp Cloud API: business-initiated messages must be approved templates; the message's values
 * go as the template's body parameters, in the order the message key names them.
 */
export function whatsAppGateway(
  env: Pick<Env, 'WHATSAPP_API_URL' | 'WHATSAPP_PHONE_NUMBER_ID' | 'WHATSAPP_TOKEN' | 'WHATSAPP_TEMPLATES'>,
): MessageGateway {
  const names = templates(env.WHATSAPP_TEMPLATES);
  return {
    name: 'whatsapp',
    async deliver(m) {
      const name = m.template ? names[m.template] : undefined;
      if (!name || !m.params) throw new UndeliverableError(`no WhatsApp template for the message template "${m.template ?? '(none)'}"`);
      const answer = (await post(
        `${env.WHATSAPP_API_URL.replace(/\/$/, '')}/${env.WHATSAPP_PHONE_NUMBER_ID}/messages`,
        { authorization: `Bearer ${env.WHATSAPP_TOKEN}` },
        {
          messaging_product: 'whatsapp',
          to: `91${m.recipient}`,
          type: 'template',
          template: {
            name,
            language: { code: m.locale ?? 'hi' },
            components: [{ type: 'body', parameters: Object.values(m.params).map((text) => ({ type: 'text', text })) }],
          },
        },
      )) as { messages?: Array<{ id?: string }> } | null;
      return { reference: answer?.messages?.[0]?.id ?? null };
    },
  };
}

/** The gateway the configuration names, or null for the outbox only. */
export function gatewayFor(env: Env): MessageGateway | null {
  if (env.MESSAGE_GATEWAY === 'http-sms') return httpSmsGateway(env);
  if (env.MESSAGE_GATEWAY === 'whatsapp') return whatsAppGateway(env);
  return null;
}

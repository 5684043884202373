/**
 * Every error the agent answers: a code, its HTTP status, and a message in English and Hindi that
 * the e-office shows as it is. Extra fields (triesLeft, lockedBy, issues…) ride alongside.
 */
export const AGENT_ERROR_STATUS = {
  FOREIGN_ORIGIN: 403,
  FOREIGN_HOST: 403,
  NOT_PAIRED: 401,
  BAD_PAIRING_CODE: 401,
  SESSION_REQUIRED: 401,
  WRONG_PIN: 401,
  PIN_LOCKED: 423,
  NO_TOKEN: 503,
  NO_CERTIFICATE: 404,
  CERT_EXPIRED: 422,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  TOKEN_ERROR: 502,
  INTERNAL_ERROR: 500,
} as const;

export type AgentErrorCode = keyof typeof AGENT_ERROR_STATUS;

export interface Bilingual {
  en: string;
  hi: string;
}

type Extra = Record<string, unknown>;

const tries = (n: number): Bilingual => ({
  en: n === 1 ? '1 try left' : `${n} tries left`,
  hi: `${n} प्रयास शेष`,
});

const MESSAGES: { [C in AgentErrorCode]: (x: Extra) => Bilingual } = {
  FOREIGN_ORIGIN: () => ({
    en: 'This signing agent accepts requests only from the e-office site it is configured for.',
    hi: 'यह हस्ताक्षर एजेंट केवल उसी ई-ऑफिस साइट के अनुरोध स्वीकार करता है जिसके लिए इसे सेट किया गया है।',
  }),
  FOREIGN_HOST: () => ({
    en: 'The signing agent answers only on 127.0.0.1 or localhost.',
    hi: 'हस्ताक्षर एजेंट केवल 127.0.0.1 या localhost पर ही उत्तर देता है।',
  }),
  NOT_PAIRED: () => ({
    en: 'This browser is not paired with the signing agent. Enter the pairing code shown in the agent window.',
    hi: 'यह ब्राउज़र हस्ताक्षर एजेंट से जुड़ा (पेयर) नहीं है। एजेंट की विंडो में दिखाया गया पेयरिंग कोड दर्ज करें।',
  }),
  BAD_PAIRING_CODE: (x) => {
    const left = Number(x.triesLeft ?? 0);
    if (left > 0) return { en: `Wrong pairing code: ${tries(left).en}.`, hi: `पेयरिंग कोड गलत है: ${tries(left).hi}।` };
    return {
      en: 'Wrong pairing code. The agent has made a new code: enter the one it shows now.',
      hi: 'पेयरिंग कोड गलत है। एजेंट ने नया कोड बनाया है: अब जो कोड दिख रहा है वह दर्ज करें।',
    };
  },
  SESSION_REQUIRED: () => ({
    en: 'Enter your DSC PIN to start a signing session.',
    hi: 'हस्ताक्षर सत्र शुरू करने के लिए अपने डीएससी का पिन दर्ज करें।',
  }),
  WRONG_PIN: (x) => {
    const left = x.triesLeft === undefined ? undefined : Number(x.triesLeft);
    if (left === undefined) return { en: 'Wrong PIN.', hi: 'पिन गलत है।' };
    return { en: `Wrong PIN: ${tries(left).en}.`, hi: `पिन गलत है: ${tries(left).hi}।` };
  },
  PIN_LOCKED: (x) =>
    x.lockedBy === 'token'
      ? {
          en: "The token is locked after too many wrong PINs. Unlock it with the token vendor's tool (you need the SO PIN / PUK).",
          hi: 'बहुत बार गलत पिन डालने से टोकन लॉक हो गया है। टोकन निर्माता के टूल से इसे खोलें (इसके लिए SO पिन / PUK चाहिए)।',
        }
      : {
          en: 'Too many wrong PINs: to keep your token from locking, the agent accepts no more PINs. Check your PIN, then restart the signing agent.',
          hi: 'बहुत बार गलत पिन: आपका टोकन लॉक न हो, इसलिए एजेंट अब और पिन नहीं लेगा। अपना पिन जाँचें, फिर हस्ताक्षर एजेंट दोबारा शुरू करें।',
        },
  NO_TOKEN: () => ({
    en: 'No DSC token found. Insert your token (or check the certificate file) and try again.',
    hi: 'कोई डीएससी टोकन नहीं मिला। अपना टोकन लगाएँ (या प्रमाणपत्र फ़ाइल जाँचें) और फिर से प्रयास करें।',
  }),
  NO_CERTIFICATE: () => ({
    en: 'That certificate is not on the token.',
    hi: 'यह प्रमाणपत्र टोकन पर नहीं है।',
  }),
  CERT_EXPIRED: () => ({
    en: 'This certificate is not valid today (expired or not yet valid). Sign with a current DSC.',
    hi: 'यह प्रमाणपत्र आज मान्य नहीं है (समाप्त हो चुका है या अभी मान्य नहीं हुआ)। किसी वर्तमान डीएससी से हस्ताक्षर करें।',
  }),
  BAD_REQUEST: () => ({
    en: 'The request is not valid.',
    hi: 'अनुरोध मान्य नहीं है।',
  }),
  NOT_FOUND: () => ({
    en: 'The signing agent has no such endpoint.',
    hi: 'हस्ताक्षर एजेंट में ऐसा कोई एंडपॉइंट नहीं है।',
  }),
  TOKEN_ERROR: () => ({
    en: 'The token reported an error. Remove and reinsert it, then try again.',
    hi: 'टोकन ने त्रुटि बताई। टोकन निकालकर दोबारा लगाएँ, फिर से प्रयास करें।',
  }),
  INTERNAL_ERROR: () => ({
    en: 'The signing agent hit an unexpected error. See its window for details.',
    hi: 'हस्ताक्षर एजेंट में अनपेक्षित त्रुटि हुई। विवरण एजेंट की विंडो में देखें।',
  }),
};

export class AgentError extends Error {
  readonly status: number;

  constructor(
    readonly code: AgentErrorCode,
    readonly extra: Extra = {},
    detail?: string,
  ) {
    super(detail ?? MESSAGES[code](extra).en);
    this.name = 'AgentError';
    this.status = AGENT_ERROR_STATUS[code];
  }

  /** The JSON body: `{ code, message: { en, hi }, ...extra }`. */
  toBody(): Record<string, unknown> {
    return { ...this.extra, code: this.code, message: MESSAGES[this.code](this.extra) };
  }
}

export function isAgentError(e: unknown, code?: AgentErrorCode): e is AgentError {
  return e instanceof AgentError && (code === undefined || e.code === code);
}

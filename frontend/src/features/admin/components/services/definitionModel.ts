// A service definition (backend/src/modules/services/service-definition.ts) as the editor holds it, and back.
// The editor's model has a place for every setting whether or not the definition gives it (empty hint,
// no deadline, the settings of every field type), and ids that stay with a field or state when it moves.
// `toDefinition(toModel(d))` gives `d` back for any definition the server has stored (defaults filled in).
import type { Ok } from '../../../../api/types';

export type ServiceDefinition = Ok<'/api/services/{code}/versions/{number}', 'get'>['definition'];
export type DefinitionField = ServiceDefinition['form'][number];
type DefinitionState = ServiceDefinition['workflow']['states'][number];
type DefinitionAction = ServiceDefinition['workflow']['actions'][number];
type Routing = ServiceDefinition['routing'];

export type FieldType = DefinitionField['type'];
/** The field types an applicant form knows: the public form's own list. */
export { FIELD_TYPES } from '../../../public-services/types';
export type IdKind = Extract<DefinitionField, { type: 'idProof' }>['kinds'][number];
export const ID_KINDS: readonly IdKind[] = ['aadhaar', 'voterId', 'drivingLicence', 'passport', 'pan', 'govtId'];
export type UploadKind = Extract<DefinitionField, { type: 'upload' }>['accept'][number];
export const UPLOAD_KINDS: readonly UploadKind[] = ['pdf', 'image'];
export type Category = ServiceDefinition['category'];
export const CATEGORIES: readonly Category[] = ['movement', 'visitor', 'verification', 'permission', 'certificate'];
export type Applicant = ServiceDefinition['applicants'][number];
export const APPLICANTS: readonly Applicant[] = ['citizen', 'office', 'counter'];
export type Actor = DefinitionAction['by'];
export const ACTORS: readonly Actor[] = ['noting', 'supervision', 'dak', 'applicant'];
export type ServingRole = Exclude<DefinitionAction['handTo'], 'origin' | undefined>['role'];
export const SERVING_ROLES: readonly ServingRole[] = ['dm', 'adm', 'sp', 'sdm', 'tehsildar', 'police_station', 'csc'];
export type RoutingRule = Routing['rule'];
export const ROUTING_RULES: readonly RoutingRule[] = ['movement', 'policeStation', 'section', 'post'];
export type OutputDocument = ServiceDefinition['output']['document'];
export type OutputSigner = ServiceDefinition['output']['signer'];
export const OUTPUT_DOCUMENTS: readonly OutputDocument[] = ['none', 'pass', 'certificate', 'report'];
export type OfficeKind = ServiceDefinition['deliveredBy']['officeKind'];

export interface Bi {
  hi: string;
  en: string;
}

export interface OptionModel {
  uid: string;
  value: string;
  label: Bi;
}

export interface FieldModel {
  uid: string;
  key: string;
  type: FieldType;
  label: Bi;
  /** Empty in both languages: no hint. */
  hint: Bi;
  required: boolean;
  // the settings of each type; only the field's own type's go into the definition
  maxLength: number | null;
  min: number | null;
  max: number | null;
  integer: boolean;
  notBefore: boolean;
  notAfter: boolean;
  maxDaysAhead: number | null;
  options: OptionModel[];
  kinds: IdKind[];
  accept: UploadKind[];
  maxSizeMb: number | null;
}

export interface StateModel {
  uid: string;
  code: string;
  name: Bi;
  deadlineDays: number | null;
  terminal: boolean;
  withApplicant: boolean;
}

export type HandTo = 'none' | 'origin' | 'role';
export interface ActionModel {
  uid: string;
  code: string;
  name: Bi;
  from: string[];
  to: string;
  by: Actor;
  reasonRequired: boolean;
  /** Empty: no list (the reason is given in words). */
  reasons: OptionModel[];
  issuesDocument: boolean;
  report: boolean;
  handTo: HandTo;
  handToRole: ServingRole | null;
  handToAddress: string;
}

/** Every rule's settings; only the chosen rule's go into the definition. */
export interface RoutingModel {
  rule: RoutingRule;
  from: string;
  to: string;
  address: string;
  field: string;
  posts: Record<string, string>;
  post: string;
}

export interface EditorModel {
  code: string;
  name: Bi;
  description: Bi;
  category: Category;
  officeKind: OfficeKind;
  referencePrefix: string;
  applicants: Applicant[];
  timelineDays: number | null;
  form: FieldModel[];
  initial: string;
  states: StateModel[];
  actions: ActionModel[];
  routing: RoutingModel;
  outputDocument: OutputDocument;
  validityDays: number | null;
  /** Who signs the issued document: the office's document signer (HSM, automatic) or the approving officer's DSC. */
  signer: OutputSigner;
  /** Visiting hours of a pass (kept as imported; not edited here). */
  hours: { from: string; to: string } | null;
  /** The Right to Service terms: appellate authorities and appeal periods (kept as imported; not edited here). */
  rts: ServiceDefinition['rts'] | null;
}

let counter = 0;
/** An id for a list entry of the editor (Vue's `key`), unique for the page's life. */
export const newUid = (): string => `u${++counter}`;

const bi = (v: Bi | undefined): Bi => ({ hi: v?.hi ?? '', en: v?.en ?? '' });
const option = (o: { value: string; label: Bi }): OptionModel => ({ uid: newUid(), value: o.value, label: bi(o.label) });

/** A new field of the form designer: a required text field with nothing filled in. */
export function blankField(type: FieldType = 'text'): FieldModel {
  return {
    uid: newUid(),
    key: '',
    type,
    label: bi(undefined),
    hint: bi(undefined),
    required: true,
    maxLength: 200,
    min: null,
    max: null,
    integer: true,
    notBefore: false,
    notAfter: false,
    maxDaysAhead: null,
    options: [],
    kinds: [...ID_KINDS],
    accept: [...UPLOAD_KINDS],
    maxSizeMb: 5,
  };
}

export function blankOption(): OptionModel {
  return { uid: newUid(), value: '', label: bi(undefined) };
}

export function blankState(): StateModel {
  return { uid: newUid(), code: '', name: bi(undefined), deadlineDays: null, terminal: false, withApplicant: false };
}

export function blankAction(): ActionModel {
  return {
    uid: newUid(),
    code: '',
    name: bi(undefined),
    from: [],
    to: '',
    by: 'supervision',
    reasonRequired: false,
    reasons: [],
    issuesDocument: false,
    report: false,
    handTo: 'none',
    handToRole: null,
    handToAddress: '',
  };
}

function fieldModel(f: DefinitionField): FieldModel {
  const m: FieldModel = { ...blankField(f.type), key: f.key, label: bi(f.label), hint: bi(f.hint), required: f.required ?? true };
  switch (f.type) {
    case 'text':
      m.maxLength = f.maxLength ?? 200;
      break;
    case 'number':
      Object.assign(m, { min: f.min ?? null, max: f.max ?? null, integer: f.integer ?? true });
      break;
    case 'date':
      Object.assign(m, { notBefore: f.notBefore === 'today', notAfter: f.notAfter === 'today', maxDaysAhead: f.maxDaysAhead ?? null });
      break;
    case 'select':
      m.options = f.options.map(option);
      break;
    case 'idProof':
      m.kinds = [...f.kinds];
      break;
    case 'upload':
      Object.assign(m, { accept: [...(f.accept ?? UPLOAD_KINDS)], maxSizeMb: f.maxSizeMb ?? 5 });
      break;
  }
  return m;
}

const stateModel = (s: DefinitionState): StateModel => ({
  uid: newUid(),
  code: s.code,
  name: bi(s.name),
  deadlineDays: s.deadlineDays ?? null,
  terminal: s.terminal ?? false,
  withApplicant: s.withApplicant ?? false,
});

function actionModel(a: DefinitionAction): ActionModel {
  return {
    uid: newUid(),
    code: a.code,
    name: bi(a.name),
    from: [...a.from],
    to: a.to,
    by: a.by,
    reasonRequired: a.reasonRequired ?? false,
    reasons: (a.reasons ?? []).map(option),
    issuesDocument: a.issuesDocument ?? false,
    report: a.report ?? false,
    handTo: !a.handTo ? 'none' : a.handTo === 'origin' ? 'origin' : 'role',
    handToRole: a.handTo && a.handTo !== 'origin' ? a.handTo.role : null,
    handToAddress: a.handTo && a.handTo !== 'origin' ? a.handTo.address : '',
  };
}

function routingModel(r: Routing): RoutingModel {
  const m: RoutingModel = { rule: r.rule, from: '', to: '', address: '', field: '', posts: {}, post: '' };
  if (r.rule === 'movement') Object.assign(m, { from: r.from, to: r.to });
  else if (r.rule === 'policeStation') m.address = r.address;
  else if (r.rule === 'section') Object.assign(m, { field: r.field, posts: { ...r.posts } });
  else m.post = r.post;
  return m;
}

/** A definition → the editor's model (a definition as written in a file, its defaults not filled in, is taken too). */
export function toModel(d: ServiceDefinition): EditorModel {
  return {
    code: d.code,
    name: bi(d.name),
    description: bi(d.description),
    category: d.category,
    officeKind: d.deliveredBy.officeKind,
    referencePrefix: d.deliveredBy.referencePrefix,
    applicants: [...d.applicants],
    timelineDays: d.timelineDays,
    form: d.form.map(fieldModel),
    initial: d.workflow.initial,
    states: d.workflow.states.map(stateModel),
    actions: d.workflow.actions.map(actionModel),
    routing: routingModel(d.routing),
    outputDocument: d.output.document,
    validityDays: d.output.validityDays ?? null,
    signer: d.output.signer ?? 'office',
    hours: d.output.hours ?? null,
    rts: d.rts ?? null,
  };
}

/** A number the editor left empty: sent as absent, so that the server names it where it is required. */
const num = (n: number | null): number => (n ?? undefined) as number;
const optional = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } =>
  v === null || v === undefined ? {} : ({ [key]: v } as { [P in K]?: V });
const hasText = (b: Bi) => b.hi.trim() !== '' || b.en.trim() !== '';
const options = (os: OptionModel[]) => os.map((o) => ({ value: o.value, label: { en: o.label.en, hi: o.label.hi } }));

/** A field of the editor as the definition holds it (also what the preview renders). */
export function fieldDefinition(f: FieldModel): DefinitionField {
  const base = {
    key: f.key,
    label: { en: f.label.en, hi: f.label.hi },
    ...(hasText(f.hint) ? { hint: { en: f.hint.en, hi: f.hint.hi } } : {}),
    required: f.required,
  };
  switch (f.type) {
    case 'text':
      return { ...base, type: 'text', maxLength: f.maxLength ?? 200 };
    case 'number':
      return { ...base, type: 'number', ...optional('min', f.min), ...optional('max', f.max), integer: f.integer };
    case 'date':
      return {
        ...base,
        type: 'date',
        ...(f.notBefore ? { notBefore: 'today' as const } : {}),
        ...(f.notAfter ? { notAfter: 'today' as const } : {}),
        ...optional('maxDaysAhead', f.maxDaysAhead),
      };
    case 'select':
      return { ...base, type: 'select', options: options(f.options) };
    case 'idProof':
      return { ...base, type: 'idProof', kinds: [...f.kinds] };
    case 'upload':
      return { ...base, type: 'upload', accept: [...f.accept], maxSizeMb: f.maxSizeMb ?? 5 };
    default:
      return { ...base, type: f.type };
  }
}

function actionDefinition(a: ActionModel): DefinitionAction {
  return {
    code: a.code,
    name: { en: a.name.en, hi: a.name.hi },
    from: [...a.from],
    to: a.to,
    by: a.by,
    reasonRequired: a.reasonRequired,
    ...(a.reasons.length ? { reasons: options(a.reasons) } : {}),
    issuesDocument: a.issuesDocument,
    ...(a.handTo === 'origin'
      ? { handTo: 'origin' as const }
      : a.handTo === 'role'
        ? { handTo: { role: a.handToRole as ServingRole, address: a.handToAddress } }
        : {}),
    report: a.report,
  };
}

function routingDefinition(r: RoutingModel, form: FieldModel[]): Routing {
  switch (r.rule) {
    case 'movement':
      return { rule: 'movement', from: r.from, to: r.to };
    case 'policeStation':
      return { rule: 'policeStation', address: r.address };
    case 'section': {
      // the posts of the chosen select field's options (an option without a post is left for the server to name)
      const field = form.find((f) => f.key === r.field && f.type === 'select');
      const posts = field
        ? Object.fromEntries(
            field.options.filter((o) => (r.posts[o.value] ?? '').trim() !== '').map((o) => [o.value, r.posts[o.value]!.trim()]),
          )
        : { ...r.posts };
      return { rule: 'section', field: r.field, posts };
    }
    case 'post':
      return { rule: 'post', post: r.post.trim() };
  }
}

/** The editor's model → the definition to send (the server checks it; empty numbers are left out for it to name). */
export function toDefinition(m: EditorModel): ServiceDefinition {
  return {
    code: m.code.trim(),
    name: { en: m.name.en, hi: m.name.hi },
    description: { en: m.description.en, hi: m.description.hi },
    category: m.category,
    deliveredBy: { officeKind: m.officeKind, referencePrefix: m.referencePrefix.trim() },
    applicants: [...m.applicants],
    timelineDays: num(m.timelineDays),
    form: m.form.map(fieldDefinition),
    workflow: {
      initial: m.initial,
      states: m.states.map((s) => ({
        code: s.code,
        name: { en: s.name.en, hi: s.name.hi },
        ...optional('deadlineDays', s.deadlineDays),
        terminal: s.terminal,
        withApplicant: s.withApplicant,
      })),
      actions: m.actions.map(actionDefinition),
    },
    routing: routingDefinition(m.routing, m.form),
    output: {
      document: m.outputDocument,
      ...optional('validityDays', m.outputDocument === 'none' ? null : m.validityDays),
      signer: m.signer,
      ...optional('hours', m.outputDocument === 'none' ? null : m.hours),
    },
    ...optional('rts', m.rts),
  };
}

/**
 * What "New service" starts from: a valid workflow (submitted → approved / rejected, returned to the
 * applicant for correction), the applicant's name and mobile, decided by one post — the code, names,
 * description and the deciding post are left for the owner to fill in.
 */
export function templateModel(): EditorModel {
  const b = (hi: string, en: string): Bi => ({ hi, en });
  const state = (code: string, name: Bi, more: Partial<StateModel> = {}): StateModel => ({ ...blankState(), code, name, ...more });
  const action = (code: string, name: Bi, from: string, to: string, more: Partial<ActionModel> = {}): ActionModel => ({
    ...blankAction(),
    code,
    name,
    from: [from],
    to,
    ...more,
  });
  return {
    code: '',
    name: b('', ''),
    description: b('', ''),
    category: 'certificate',
    officeKind: 'dm_office',
    referencePrefix: '',
    applicants: ['citizen', 'counter'],
    timelineDays: 7,
    form: [
      { ...blankField('text'), key: 'name', label: b('आवेदक का नाम', "Applicant's name") },
      { ...blankField('mobile'), key: 'mobile', label: b('मोबाइल नंबर', 'Mobile number') },
    ],
    initial: 'submitted',
    states: [
      state('submitted', b('प्रस्तुत', 'Submitted'), { deadlineDays: 7 }),
      state('returned', b('सुधार हेतु लौटाया गया', 'Returned for correction'), { withApplicant: true }),
      state('approved', b('स्वीकृत', 'Approved'), { terminal: true }),
      state('rejected', b('अस्वीकृत', 'Rejected'), { terminal: true }),
    ],
    actions: [
      action('approve', b('स्वीकृत करें', 'Approve'), 'submitted', 'approved', { issuesDocument: true }),
      action('reject', b('अस्वीकृत करें', 'Reject'), 'submitted', 'rejected', { reasonRequired: true }),
      action('returnForCorrection', b('सुधार हेतु लौटाएँ', 'Return for correction'), 'submitted', 'returned', { reasonRequired: true }),
      action('resubmit', b('पुनः प्रस्तुत करें', 'Resubmit'), 'returned', 'submitted', { by: 'applicant' }),
    ],
    routing: { rule: 'post', from: '', to: '', address: '', field: '', posts: {}, post: '' },
    outputDocument: 'certificate',
    validityDays: null,
    signer: 'office',
    hours: null,
    rts: null,
  };
}

// --- editing helpers

/** Moves entry `i` one place up (-1) or down (+1); nothing at the ends. */
export function move<T>(list: T[], i: number, by: -1 | 1): void {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return;
  const [x] = list.splice(i, 1);
  list.splice(j, 0, x!);
}

/** A state's code changed from `before` to `after`: the initial state and the actions follow it. */
export function renameState(m: EditorModel, before: string, after: string): void {
  if (!before || before === after || m.states.some((s) => s.code === before)) return;
  if (m.initial === before) m.initial = after;
  for (const a of m.actions) {
    a.from = a.from.map((f) => (f === before ? after : f));
    if (a.to === before) a.to = after;
  }
}

/** A field's key changed from `before` to `after`: the routing rule and the actions' "hand to" follow it. */
export function renameField(m: EditorModel, before: string, after: string): void {
  if (!before || before === after || m.form.some((f) => f.key === before)) return;
  const r = m.routing;
  for (const p of ['from', 'to', 'address', 'field'] as const) if (r[p] === before) r[p] = after;
  for (const a of m.actions) if (a.handToAddress === before) a.handToAddress = after;
}

// --- cheap checks before the server's

/** A problem found in the editor: where (a definition path, as the server's issues have) and the message key under admin.services.check. */
export interface LocalProblem {
  path: string[];
  key: 'required' | 'duplicate' | 'chooseOne';
  params?: Record<string, string>;
}

/**
 * What the editor can tell at once — names and labels left empty, a key used twice, nothing chosen
 * where one is needed. The graph rules (reachable states, the routing rule's fields, …) are the server's.
 */
export function checkModel(m: EditorModel, isNew: boolean): LocalProblem[] {
  const out: LocalProblem[] = [];
  const required = (path: string[], v: string | number | null) => {
    if (v === null || (typeof v === 'string' && v.trim() === '')) out.push({ path, key: 'required' });
  };
  const bilingual = (path: string[], b: Bi) => {
    required([...path, 'hi'], b.hi);
    required([...path, 'en'], b.en);
  };
  const unique = <T>(path: string[], xs: T[], by: (x: T) => string, what: 'key' | 'code' | 'value') =>
    xs.forEach((x, i) => {
      const k = by(x).trim();
      if (k === '') out.push({ path: [...path, String(i), what], key: 'required' });
      else if (xs.findIndex((y) => by(y).trim() === k) !== i)
        out.push({ path: [...path, String(i), what], key: 'duplicate', params: { key: k } });
    });
  if (isNew) required(['code'], m.code);
  bilingual(['name'], m.name);
  bilingual(['description'], m.description);
  required(['deliveredBy', 'referencePrefix'], m.referencePrefix);
  if (!m.applicants.length) out.push({ path: ['applicants'], key: 'chooseOne' });
  required(['timelineDays'], m.timelineDays);
  unique(['form'], m.form, (f) => f.key, 'key');
  m.form.forEach((f, i) => {
    bilingual(['form', String(i), 'label'], f.label);
    if (f.type === 'select') {
      if (!f.options.length) out.push({ path: ['form', String(i), 'options'], key: 'chooseOne' });
      unique(['form', String(i), 'options'], f.options, (o) => o.value, 'value');
      f.options.forEach((o, j) => bilingual(['form', String(i), 'options', String(j), 'label'], o.label));
    }
    if (f.type === 'idProof' && !f.kinds.length) out.push({ path: ['form', String(i), 'kinds'], key: 'chooseOne' });
    if (f.type === 'upload' && !f.accept.length) out.push({ path: ['form', String(i), 'accept'], key: 'chooseOne' });
  });
  unique(['workflow', 'states'], m.states, (s) => s.code, 'code');
  m.states.forEach((s, i) => bilingual(['workflow', 'states', String(i), 'name'], s.name));
  required(['workflow', 'initial'], m.initial);
  unique(['workflow', 'actions'], m.actions, (a) => a.code, 'code');
  m.actions.forEach((a, i) => {
    const at = ['workflow', 'actions', String(i)];
    bilingual([...at, 'name'], a.name);
    if (!a.from.length) out.push({ path: [...at, 'from'], key: 'chooseOne' });
    required([...at, 'to'], a.to);
    unique([...at, 'reasons'], a.reasons, (o) => o.value, 'value');
    a.reasons.forEach((o, j) => bilingual([...at, 'reasons', String(j), 'label'], o.label));
  });
  return out;
}

// --- the flow at a glance

export interface FlowStep {
  state: StateModel;
  initial: boolean;
  /** Reached from the initial state by some chain of actions. */
  reachable: boolean;
  out: Array<{ action: ActionModel; to: StateModel | null }>;
}

/** Each state with the actions that leave it and where they lead — what the flow diagram draws. */
export function flowOf(m: EditorModel): FlowStep[] {
  const reached = new Set([m.initial]);
  for (let grew = true; grew;) {
    grew = false;
    for (const a of m.actions) {
      if (a.from.some((f) => reached.has(f)) && !reached.has(a.to)) {
        reached.add(a.to);
        grew = true;
      }
    }
  }
  return m.states.map((s) => ({
    state: s,
    initial: s.code === m.initial,
    reachable: reached.has(s.code),
    out: m.actions.filter((a) => a.from.includes(s.code)).map((a) => ({ action: a, to: m.states.find((x) => x.code === a.to) ?? null })),
  }));
}

// --- problems at their paths

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Item lists of a definition and what one of their entries is called (message key under admin.services.path). */
const LISTS: Record<string, { item: string; id: (x: Record<string, unknown>) => unknown }> = {
  form: { item: 'field', id: (x) => x.key },
  options: { item: 'option', id: (x) => x.value },
  reasons: { item: 'reason', id: (x) => x.value },
  states: { item: 'state', id: (x) => x.code },
  actions: { item: 'action', id: (x) => x.code },
  from: { item: 'fromState', id: () => undefined },
  definitions: { item: 'definition', id: (x) => x.code },
  kinds: { item: 'kind', id: () => undefined },
  accept: { item: 'kind', id: () => undefined },
  applicants: { item: 'applicant', id: () => undefined },
};
/** Names that mean something else under a parent: the routing rule's from/to are address fields, an action's are states. */
const IN_CONTEXT: Record<string, string> = {
  'routing.from': 'routingFrom',
  'routing.to': 'routingTo',
  'routing.address': 'routingAddress',
  'routing.field': 'routingField',
  'handTo.address': 'handToAddress',
  'handTo.role': 'handToRole',
  'output.document': 'outputDocument',
  'deliveredBy.officeKind': 'officeKind',
  'deliveredBy.referencePrefix': 'referencePrefix',
};

/**
 * A path of an issue ("workflow.actions.2.to") in words: "Workflow › Action 3 “returnForCorrection” › To state".
 * `definition` is what was sent (for the codes and keys of the entries named); `known` says which
 * words have messages (admin.services.path.<word>) — others are shown as they are.
 */
export function describePath(
  path: readonly (string | number)[],
  definition: unknown,
  t: Translate,
  known: (key: string) => boolean,
): string {
  const parts: string[] = [];
  let node: unknown = definition;
  let parent = '';
  for (let i = 0; i < path.length; i++) {
    const seg = String(path[i]);
    const list = LISTS[parent];
    if (/^\d+$/.test(seg) && list) {
      const entry = Array.isArray(node) ? (node[Number(seg)] as Record<string, unknown> | undefined) : undefined;
      const id = entry && typeof entry === 'object' ? list.id(entry) : Array.isArray(node) ? node[Number(seg)] : undefined;
      const n = Number(seg) + 1;
      parts.push(
        typeof id === 'string' && id !== ''
          ? t('admin.services.path.itemNamed', { item: t(`admin.services.path.${list.item}`), n, id })
          : t('admin.services.path.item', { item: t(`admin.services.path.${list.item}`), n }),
      );
    } else if (parent === 'posts') {
      parts.push(t('admin.services.path.postFor', { option: seg }));
    } else if ((LISTS[seg] && /^\d+$/.test(String(path[i + 1] ?? ''))) || (seg === 'posts' && i + 1 < path.length)) {
      // the list's name says nothing its entry's name does not ("Actions › Action 3" → "Action 3")
    } else {
      const word = IN_CONTEXT[`${parent}.${seg}`] ?? seg;
      parts.push(known(`admin.services.path.${word}`) ? t(`admin.services.path.${word}`) : seg);
    }
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    parent = seg;
  }
  return parts.join(' › ');
}

/** The title of a list entry: "Field no. 3 “hours”", or "Field no. 3" while it has no key. */
export function entryTitle(t: Translate, item: string, index: number, id: string): string {
  const what = t(`admin.services.path.${item}`);
  return id.trim()
    ? t('admin.services.path.itemNamed', { item: what, n: index + 1, id: id.trim() })
    : t('admin.services.path.item', { item: what, n: index + 1 });
}

/**
 * The definitions in an imported file: a catalogue as the export writes it (`{definitions: […]}`), a
 * list of definitions, or one definition. Null when the text is not JSON or holds none of these.
 */
export function definitionsInFile(text: string): unknown[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(json)) return json.length ? json : null;
  if (json && typeof json === 'object') {
    const defs = (json as { definitions?: unknown }).definitions;
    if (Array.isArray(defs)) return defs.length ? defs : null;
    return [json];
  }
  return null;
}

/** An id for the input of a definition path (`svc-workflow-actions-2-to`), so that a problem can be shown beside it and focused. */
export const inputId = (path: readonly (string | number)[]): string => `svc-${path.join('-')}`;

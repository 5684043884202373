import { api, ok } from '../../api/client';
import type { Body, Item, Locale, Ok } from '../../api/types';

/** An application as staff on its chain see it: form, documents, steps, levels, the workflow actions and the moves allowed. */
export type Application = Ok<'/api/applications/{id}', 'get'>;
export type WorkflowAction = Application['actions'][number];
export type ApplicationStep = Application['steps'][number];
export type ApplicationLevel = Application['levels'][number];
export type ApplicationDocument = Application['documents'][number];
export type ActionInput = Body<'/api/applications/{id}/actions/{action}', 'post'>;
/** What a workflow action changed (the view refetches the application). */
export type Acted = Ok<'/api/applications/{id}/actions/{action}', 'post'>;
export type PoliceReport = NonNullable<ActionInput['report']>;
export type BulkDecisionInput = Body<'/api/applications/bulk', 'post'>;
export type BulkDecisionResult = Ok<'/api/applications/bulk', 'post'>;
export type StaffFilingInput = Body<'/api/applications', 'post'>;
export type Filed = Ok<'/api/applications', 'post'>;
export type Upload = Ok<'/api/applications/uploads', 'post'>;
export type PublicService = Item<Ok<'/api/public/services', 'get'>>;
export type Area = Item<Ok<'/api/areas', 'get'>>;
export type AreaDetail = Ok<'/api/areas/{id}', 'get'>;

const at = (id: string) => ({ params: { path: { id } } });

/** The staff routes of applications (their moves are movementApi's with type 'appln'). */
export const applicationsApi = {
  get: (id: string, signal?: AbortSignal) => ok(api.GET('/api/applications/{id}', { ...at(id), signal })),
  act: (id: string, action: string, body: ActionInput) =>
    ok(api.POST('/api/applications/{id}/actions/{action}', { params: { path: { id, action } }, body })),
  bulk: (body: BulkDecisionInput) => ok(api.POST('/api/applications/bulk', { body })),
  /**
   * Files at a counter for a walk-in (or for the user's office). A wrong code the applicant read out is a
   * 401 OTP_INVALID about the applicant, not the operator's session: this call handles 401 itself.
   */
  file: (body: StaffFilingInput) => ok(api.POST('/api/applications', { body, fetch: api.quiet })),
  upload: (file: Blob, name: string, onProgress?: (loaded: number, total: number) => void) => {
    const form = new FormData();
    form.append('file', file, name);
    return api.upload('/api/applications/uploads', form, { onProgress });
  },
  /** The live services with their forms (which channels each takes: `applicants`). */
  services: (signal?: AbortSignal) => ok(api.GET('/api/public/services', { signal, fetch: api.quiet })),
  /** Sends the walk-in applicant a one-time code by SMS, in their language. */
  requestOtp: (mobile: string, lang: Locale) => ok(api.POST('/api/public/otp', { body: { mobile, lang }, fetch: api.quiet })),
  /** Localities (and other areas) of the gazetteer by name, code or PIN — with the ids an address takes. */
  areas: (q: string, signal?: AbortSignal) => ok(api.GET('/api/areas', { params: { query: { q, pageSize: 10 } }, signal })),
  area: (id: string, signal?: AbortSignal) => ok(api.GET('/api/areas/{id}', { ...at(id), signal })),
};

/** Where a document of an application is served (inline: a PDF or an image the browser shows). */
export const documentUrl = (applicationId: string, uploadId: string) =>
  `/api/applications/${encodeURIComponent(applicationId)}/documents/${encodeURIComponent(uploadId)}`;

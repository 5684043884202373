import { api, ok } from '../../api/client';
import type { Body, Query } from '../../api/types';

export type OfficeInput = Body<'/api/org/offices', 'post'>;
export type OfficePatch = Body<'/api/org/offices/{id}', 'patch'>;
export type SectionInput = Body<'/api/org/sections', 'post'>;
export type SectionPatch = Body<'/api/org/sections/{id}', 'patch'>;
export type PostInput = Body<'/api/org/posts', 'post'>;
export type PostPatch = Body<'/api/org/posts/{id}', 'patch'>;
export type PostQuery = Query<'/api/org/posts', 'get'>;
export type UserInput = Body<'/api/org/users', 'post'>;
export type UserPatch = Body<'/api/org/users/{id}', 'patch'>;
export type UserQuery = Query<'/api/org/users', 'get'>;
export type ChargeInput = Body<'/api/org/charges', 'post'>;
export type ChargeQuery = Query<'/api/org/charges', 'get'>;
export type FileHeadInput = Body<'/api/admin/file-heads', 'post'>;
export type FileHeadPatch = Body<'/api/admin/file-heads/{id}', 'patch'>;
export type AreaQuery = Query<'/api/areas', 'get'>;

const at = (id: string) => ({ params: { path: { id } } });

/** The organisation's administration: offices, sections, posts, users, charges and the file scheme. */
export const adminApi = {
  listOffices: (signal?: AbortSignal) => ok(api.GET('/api/org/offices', { signal })),
  createOffice: (body: OfficeInput) => ok(api.POST('/api/org/offices', { body })),
  updateOffice: (id: string, body: OfficePatch) => ok(api.PATCH('/api/org/offices/{id}', { ...at(id), body })),

  listSections: (officeId: string, signal?: AbortSignal) => ok(api.GET('/api/org/sections', { params: { query: { officeId } }, signal })),
  createSection: (body: SectionInput) => ok(api.POST('/api/org/sections', { body })),
  updateSection: (id: string, body: SectionPatch) => ok(api.PATCH('/api/org/sections/{id}', { ...at(id), body })),

  listPosts: (query: PostQuery, signal?: AbortSignal) => ok(api.GET('/api/org/posts', { params: { query }, signal })),
  createPost: (body: PostInput) => ok(api.POST('/api/org/posts', { body })),
  updatePost: (id: string, body: PostPatch) => ok(api.PATCH('/api/org/posts/{id}', { ...at(id), body })),

  listUsers: (query: UserQuery, signal?: AbortSignal) => ok(api.GET('/api/org/users', { params: { query }, signal })),
  createUser: (body: UserInput) => ok(api.POST('/api/org/users', { body })),
  updateUser: (id: string, body: UserPatch) => ok(api.PATCH('/api/org/users/{id}', { ...at(id), body })),

  listCharges: (query: ChargeQuery, signal?: AbortSignal) => ok(api.GET('/api/org/charges', { params: { query }, signal })),
  createCharge: (body: ChargeInput) => ok(api.POST('/api/org/charges', { body })),
  endCharge: (id: string, to?: string) => ok(api.POST('/api/org/charges/{id}/end', { ...at(id), body: to ? { to } : {} })),

  /** All heads of the office's file scheme, inactive ones too. */
  listFileHeads: (officeId: string, signal?: AbortSignal) =>
    ok(api.GET('/api/file-heads', { params: { query: { officeId, all: 'true' } }, signal })),
  createFileHead: (body: FileHeadInput) => ok(api.POST('/api/admin/file-heads', { body })),
  updateFileHead: (id: string, body: FileHeadPatch) => ok(api.PATCH('/api/admin/file-heads/{id}', { ...at(id), body })),

  /** The gazetteer: areas with the offices serving them, and its CSV import (422 IMPORT_REJECTED lists the problems). */
  listAreas: (query: AreaQuery, signal?: AbortSignal) => ok(api.GET('/api/areas', { params: { query }, signal })),
  importAreas: (csv: string) => ok(api.POST('/api/admin/areas/import', { body: { csv } })),
};

export type OutboxQuery = Query<'/api/admin/outbox', 'get'>;
/** Messages to the public (SMS, e-mail), newest first. */
export const outboxApi = {
  list: (query: OutboxQuery, signal?: AbortSignal) => ok(api.GET('/api/admin/outbox', { params: { query }, signal })),
};

const service = (code: string) => ({ params: { path: { code } } });
/** The service catalogue: definitions (form, workflow, routing, output) imported as draft versions and published. */
export const servicesApi = {
  list: (signal?: AbortSignal) => ok(api.GET('/api/services', { signal })),
  get: (code: string, signal?: AbortSignal) => ok(api.GET('/api/services/{code}', { ...service(code), signal })),
  version: (code: string, number: number, signal?: AbortSignal) =>
    ok(api.GET('/api/services/{code}/versions/{number}', { params: { path: { code, number } }, signal })),
  /** Each definition becomes a draft version of its service unless it equals the latest; 400 VALIDATION_FAILED lists every problem at its path. */
  import: (definitions: unknown[]) => ok(api.POST('/api/services/import', { body: { definitions } })),
  export: () => ok(api.GET('/api/services/export')),
  publish: (code: string, number: number) =>
    ok(api.POST('/api/services/{code}/versions/{number}/publish', { params: { path: { code, number } } })),
};

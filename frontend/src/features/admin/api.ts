import { api } from '../../api/client';
import type { Bilingual, Capability, Charge, ChargeType, FileHead, FileHeadInput, FileHeadPatch, ItemList, Office, OfficeKind, Page, Post, Section, User } from '../../api/types';

export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface OfficeInput {
  code: string;
  name: Bilingual;
  kind: OfficeKind;
  parentId: string | null;
}
export interface SectionInput {
  officeId: string;
  code: string;
  name: Bilingual;
}
export interface PostInput {
  code: string;
  designation: Bilingual;
  officeId: string;
  sectionId: string | null;
  capabilities: Capability[];
}
export interface PostPatch extends Partial<PostInput> {
  version: number;
  active?: boolean;
}
export interface UserInput {
  username: string;
  name: Bilingual;
  password: string;
  mobile?: string;
  email?: string;
}
export interface UserPatch {
  version: number;
  name?: Bilingual;
  mobile?: string | null;
  email?: string | null;
  active?: boolean;
  password?: string;
}
export interface ChargeInput {
  userId: string;
  postId: string;
  type: ChargeType;
  from: string;
  to?: string;
}

export const adminApi = {
  listOffices: () => api.get<ItemList<Office>>('/org/offices'),
  createOffice: (input: OfficeInput) => api.post<Office>('/org/offices', input),
  updateOffice: (id: string, patch: Partial<OfficeInput> & { version: number }) =>
    api.patch<Office>(`/org/offices/${encodeURIComponent(id)}`, patch),

  listSections: (officeId: string) => api.get<ItemList<Section>>('/org/sections', { query: { officeId } }),
  createSection: (input: SectionInput) => api.post<Section>('/org/sections', input),
  updateSection: (id: string, patch: Partial<Omit<SectionInput, 'officeId'>> & { version: number }) =>
    api.patch<Section>(`/org/sections/${encodeURIComponent(id)}`, patch),

  listPosts: (q: PageQuery & { officeId?: string | null; sectionId?: string | null; q?: string }) =>
    api.get<Page<Post>>('/org/posts', { query: { ...q } }),
  createPost: (input: PostInput) => api.post<Post>('/org/posts', input),
  updatePost: (id: string, patch: PostPatch) => api.patch<Post>(`/org/posts/${encodeURIComponent(id)}`, patch),

  listUsers: (q: PageQuery & { q?: string }) => api.get<Page<User>>('/org/users', { query: { ...q } }),
  createUser: (input: UserInput) => api.post<User>('/org/users', input),
  updateUser: (id: string, patch: UserPatch) => api.patch<User>(`/org/users/${encodeURIComponent(id)}`, patch),

  listCharges: (q: { postId?: string | null; userId?: string | null; current?: boolean }) =>
    api.get<ItemList<Charge>>('/org/charges', { query: { postId: q.postId, userId: q.userId, current: q.current ? 'true' : undefined } }),
  createCharge: (input: ChargeInput) => api.post<Charge>('/org/charges', input),
  endCharge: (id: string, to?: string) =>
    api.post<Charge>(`/org/charges/${encodeURIComponent(id)}/end`, to ? { to } : {}),

  /** All heads of the office's file scheme, inactive ones too. */
  listFileHeads: (officeId: string) => api.get<ItemList<FileHead>>('/file-heads', { query: { officeId, all: 'true' } }),
  createFileHead: (input: FileHeadInput) => api.post<FileHead>('/admin/file-heads', input),
  updateFileHead: (id: string, patch: FileHeadPatch) => api.patch<FileHead>(`/admin/file-heads/${encodeURIComponent(id)}`, patch),
};

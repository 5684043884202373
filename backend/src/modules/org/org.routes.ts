import { route } from '../../http/route.js';
import * as s from './org.schemas.js';
import { paginated } from '../../shared/schemas.js';
import { z } from 'zod';
import { listOffices } from './list-offices.js';
import { createOffice } from './create-office.js';
import { updateOffice } from './update-office.js';
import { listSections } from './list-sections.js';
import { createSection } from './create-section.js';
import { updateSection } from './update-section.js';
import { listPosts } from './list-posts.js';
import { createPost } from './create-post.js';
import { updatePost } from './update-post.js';
import { listUsers } from './list-users.js';
import { createUser } from './create-user.js';
import { updateUser } from './update-user.js';
import { listCharges } from './list-charges.js';
import { assignCharge } from './assign-charge.js';
import { endCharge } from './end-charge.js';

const tags = ['org'];
export const orgRoutes = [
  route({
    method: 'get',
    path: '/api/org/offices',
    summary: 'All offices (a tree by parentId)',
    tags,
    access: 'user',
    response: z.object({ items: z.array(s.officeOut) }),
    handler: (scope) => listOffices(scope),
  }),
  route({
    method: 'post',
    path: '/api/org/offices',
    summary: 'Create an office',
    tags,
    access: 'admin',
    status: 201,
    body: s.createOfficeIn,
    response: s.officeOut,
    handler: (scope, { body }) => createOffice(scope, body),
  }),
  route({
    method: 'patch',
    path: '/api/org/offices/:id',
    summary: 'Edit an office',
    tags,
    access: 'admin',
    params: s.idParams,
    body: s.updateOfficeIn,
    response: s.officeOut,
    handler: (scope, { params, body }) => updateOffice(scope, params.id, body),
  }),

  route({
    method: 'get',
    path: '/api/org/sections',
    summary: 'Sections of an office (or all)',
    tags,
    access: 'user',
    query: s.listSectionsQuery,
    response: z.object({ items: z.array(s.sectionOut) }),
    handler: (scope, { query }) => listSections(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/org/sections',
    summary: 'Create a section',
    tags,
    access: 'admin',
    status: 201,
    body: s.createSectionIn,
    response: s.sectionOut,
    handler: (scope, { body }) => createSection(scope, body),
  }),
  route({
    method: 'patch',
    path: '/api/org/sections/:id',
    summary: 'Edit a section',
    tags,
    access: 'admin',
    params: s.idParams,
    body: s.updateSectionIn,
    response: s.sectionOut,
    handler: (scope, { params, body }) => updateSection(scope, params.id, body),
  }),

  route({
    method: 'get',
    path: '/api/org/posts',
    summary: 'Posts, filtered and paginated, with current holders',
    tags,
    access: 'user',
    query: s.listPostsQuery,
    response: paginated(s.postOut),
    handler: (scope, { query }) => listPosts(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/org/posts',
    summary: 'Create a post',
    tags,
    access: 'admin',
    status: 201,
    body: s.createPostIn,
    response: s.postOut,
    handler: (scope, { body }) => createPost(scope, body),
  }),
  route({
    method: 'patch',
    path: '/api/org/posts/:id',
    summary: 'Edit a post',
    tags,
    access: 'admin',
    params: s.idParams,
    body: s.updatePostIn,
    response: s.postOut,
    handler: (scope, { params, body }) => updatePost(scope, params.id, body),
  }),

  route({
    method: 'get',
    path: '/api/org/users',
    summary: 'Users with their charges',
    tags,
    access: 'admin',
    query: s.listUsersQuery,
    response: paginated(s.userOut),
    handler: (scope, { query }) => listUsers(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/org/users',
    summary: 'Create a user',
    tags,
    access: 'admin',
    status: 201,
    body: s.createUserIn,
    response: s.userOut,
    handler: (scope, { body }) => createUser(scope, body),
  }),
  route({
    method: 'patch',
    path: '/api/org/users/:id',
    summary: 'Edit, disable or reset the password of a user',
    tags,
    access: 'admin',
    params: s.idParams,
    body: s.updateUserIn,
    response: s.userOut,
    handler: (scope, { params, body }) => updateUser(scope, params.id, body),
  }),

  route({
    method: 'get',
    path: '/api/org/charges',
    summary: 'Charges of a post or a user',
    tags,
    access: 'user',
    query: s.listChargesQuery,
    response: z.object({ items: z.array(s.chargeOut) }),
    handler: (scope, { query }) => listCharges(scope, query),
  }),
  route({
    method: 'post',
    path: '/api/org/charges',
    summary: 'Give a user charge of a post',
    tags,
    access: 'admin',
    status: 201,
    body: s.assignChargeIn,
    response: s.chargeOut,
    handler: (scope, { body }) => assignCharge(scope, body),
  }),
  route({
    method: 'post',
    path: '/api/org/charges/:id/end',
    summary: 'End a charge (hand over)',
    tags,
    access: 'admin',
    params: s.idParams,
    body: s.endChargeIn,
    response: s.chargeOut,
    handler: (scope, { params, body }) => endCharge(scope, params.id, body),
  }),
];

import { route } from '../../http/route.js';
import * as s from './checkpoints.schemas.js';
import { getCheckBundle } from './get-check-bundle.js';
import { recordChecks } from './record-checks.js';
import { lookupPass, verifyPass } from './verify-pass.js';
import { listInside } from './list-inside.js';
import { getDocumentPhoto } from './document-photo.js';

const tags = ['checkpoints'];

/** The checkpoint and gate app (/check): for posts with the checkpoint capability. */
export const checkpointRoutes = [
  route({
    method: 'get',
    path: '/api/check/bundle',
    summary: 'What a checkpoint phone caches to check passes offline: published keys, the revocation list, its place',
    description:
      'With `If-None-Match` naming the current ETag the answer is 304 without a body (the phone keeps its copy, now confirmed current).',
    tags,
    access: 'checkpoint',
    response: s.bundleOut,
    handler: async (scope, { koa }) => {
      const { etag, bundle } = await getCheckBundle(scope);
      koa.set('ETag', etag);
      koa.set('Cache-Control', 'private, no-cache');
      // compared here, not with koa.fresh: fetch() marks a request with a hand-set If-None-Match `Cache-Control: no-cache`, which koa.fresh reads as "always stale"
      const known = koa
        .get('if-none-match')
        .split(',')
        .map((t) => t.trim().replace(/^W\//, ''));
      if (known.includes(etag)) {
        koa.status = 304;
        return;
      }
      return bundle;
    },
  }),
  route({
    method: 'post',
    path: '/api/check/records',
    summary: 'Record checks made on the phone (often offline): each once by its id, a replayed batch answers the same',
    tags,
    access: 'checkpoint',
    body: s.recordsIn,
    response: s.recordsOut,
    handler: (scope, { body }) => recordChecks(scope, body),
  }),
  route({
    method: 'post',
    path: '/api/check/verify',
    summary: 'Verify a scanned pass online: the verdict with the live revocation state, the holder’s details and photo',
    tags,
    access: 'checkpoint',
    body: s.verifyIn,
    response: s.verifyOut,
    handler: (scope, { body }) => verifyPass(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/check/lookup',
    summary: 'Look a pass up by its reference number when its QR code is damaged: the same answer as a scan',
    tags,
    access: 'checkpoint',
    query: s.lookupQuery,
    response: s.verifyOut,
    handler: (scope, { query }) => lookupPass(scope, query.ref),
  }),
  route({
    method: 'get',
    path: '/api/check/documents/:id/photo',
    summary: 'The holder’s photo of an issued pass, to compare with the person',
    tags,
    access: 'checkpoint',
    params: s.documentParams,
    raw: { contentType: 'image/*' },
    handler: async (scope, { params, koa }) => {
      const photo = await getDocumentPhoto(scope, params.id);
      koa.type = photo.mime;
      koa.length = photo.size;
      koa.set('Cache-Control', 'private, max-age=600');
      koa.body = photo.stream;
    },
  }),
  route({
    method: 'get',
    path: '/api/check/inside',
    summary: 'Who is inside an office now by its gate’s log; after closing time, visitors still inside are marked',
    tags,
    access: 'checkpoint',
    query: s.insideQuery,
    response: s.insideOut,
    handler: (scope, { query }) => listInside(scope, query),
  }),
];

import { route } from '../../http/route.js';
import * as s from './files.schemas.js';
import { listFileHeads, createFileHead, updateFileHead } from './file-heads.js';
import { createPart, openFile } from './open-file.js';
import { getFile } from './get-file.js';
import { listFiles } from './list-files.js';
import { addNote, deleteNote, editNote } from './notes.js';
import { addCorrespondence, flagCorrespondence } from './correspondence.js';
import { linkFile, unlinkFile } from './links.js';
import { approveDraft, commentOnDraft, createDraft, diffDraft, getDraft, reviseDraft } from './drafts.js';
import { fileHistory } from './file-history.js';
import { z } from 'zod';
import { sendDownload } from '../../http/download.js';
import { printLang } from '../../shared/print.js';
import { printNotesheet } from './print-notesheet.js';
import { printFileCover } from './print-file-cover.js';

const tags = ['files'];
const headParams = z.object({ id: z.uuid() });
const printQuery = z.object({ lang: printLang });
const PRINTED = { contentType: 'application/pdf', description: 'A4 PDF (Hindi shaped, text copyable as typed), shown inline for printing' };
export const fileRoutes = [
  route({ method: 'get', path: '/api/file-heads', summary: "Heads of an office's file scheme (the acting post's office by default)", tags, access: 'user', query: s.fileHeadsQuery, response: s.fileHeadsOut, handler: (scope, { query }) => listFileHeads(scope, query) }),
  route({ method: 'post', path: '/api/admin/file-heads', summary: 'Add a head to an office file scheme', tags: ['admin'], access: 'admin', status: 201, body: s.createFileHeadIn, response: s.fileHeadOut, handler: (scope, { body }) => createFileHead(scope, body) }),
  route({ method: 'patch', path: '/api/admin/file-heads/:id', summary: 'Rename or (de)activate a file head', tags: ['admin'], access: 'admin', params: headParams, body: s.updateFileHeadIn, response: s.fileHeadOut, handler: (scope, { params, body }) => updateFileHead(scope, params.id, body) }),
  route({ method: 'get', path: '/api/files', summary: 'Files the user can see, by number or words', tags, access: 'user', query: s.fileListQuery, response: s.fileListOut, handler: (scope, { query }) => listFiles(scope, query) }),
  route({ method: 'post', path: '/api/files', summary: 'Open a file (optionally from a receipt, which becomes its first correspondence)', tags, access: 'noting', status: 201, body: s.openFileIn, response: s.fileOut, handler: (scope, { body }) => openFile(scope, body) }),
  route({ method: 'get', path: '/api/files/:id', summary: 'A file: notesheet, correspondence, drafts, links, movements', tags, access: 'user', params: s.fileParams, response: s.fileOut, handler: (scope, { params }) => getFile(scope, params.id) }),
  route({
    method: 'get', path: '/api/files/:id/print/notesheet', summary: "The file's notesheet to print: its final (green) notes as numbered paragraphs with author, designation, time and signature", tags, access: 'user',
    description: 'Page references print as "p. 12/C" ("पृ. 12/प" in Hindi), references to files the reader cannot see as a placeholder; a signed note shows its signer, time, certificate serial and whether the words are as signed. Yellow (draft) notes are not printed. For whoever may see the file (others: 404). Printing a graded file’s notesheet is recorded in the audit log (file.print).',
    params: s.fileParams, query: printQuery, raw: PRINTED, handler: async (scope, { params, query, koa }) => sendDownload(koa, await printNotesheet(scope, params.id, query)),
  }),
  route({
    method: 'get', path: '/api/files/:id/print/cover', summary: 'The file cover to print: file number, subject, head, office, grading, opened on, part/volume', tags, access: 'user',
    description: 'For whoever may see the file (others: 404). Printing a graded file’s cover is recorded in the audit log (file.print).',
    params: s.fileParams, query: printQuery, raw: PRINTED, handler: async (scope, { params, query, koa }) => sendDownload(koa, await printFileCover(scope, params.id, query)),
  }),
  route({ method: 'get', path: '/api/files/:id/history', summary: "A file's history from the audit chain", tags, access: 'user', params: s.fileParams, response: s.historyOut, handler: (scope, { params }) => fileHistory(scope, params.id) }),
  route({ method: 'post', path: '/api/files/:id/parts', summary: 'Open a part file or a new volume of a file', tags, access: 'noting', status: 201, params: s.fileParams, body: s.createPartIn, response: s.fileOut, handler: (scope, { params, body }) => createPart(scope, params.id, body) }),
  route({ method: 'post', path: '/api/files/:id/notes', summary: 'Add a yellow note', tags, access: 'user', params: s.fileParams, body: s.addNoteIn, response: s.fileOut, handler: (scope, { params, body }) => addNote(scope, params.id, body) }),
  route({ method: 'patch', path: '/api/files/:id/notes/:noteId', summary: 'Edit your yellow note', tags, access: 'user', params: s.noteParams, body: s.editNoteIn, response: s.fileOut, handler: (scope, { params, body }) => editNote(scope, params.id, params.noteId, body) }),
  route({ method: 'delete', path: '/api/files/:id/notes/:noteId', summary: 'Delete your yellow note (?version= the file version)', tags, access: 'user', params: s.noteParams, query: s.versionQuery, response: s.fileOut, handler: (scope, { params, query }) => deleteNote(scope, params.id, params.noteId, query) }),
  route({ method: 'post', path: '/api/files/:id/correspondence', summary: 'Put a receipt you hold in the file', tags, access: 'user', params: s.fileParams, body: s.addCorrespondenceIn, response: s.fileOut, handler: (scope, { params, body }) => addCorrespondence(scope, params.id, body) }),
  route({ method: 'patch', path: '/api/files/:id/correspondence/:corrId', summary: 'Flag correspondence PUC or FR', tags, access: 'user', params: s.corrParams, body: s.flagIn, response: s.fileOut, handler: (scope, { params, body }) => flagCorrespondence(scope, params.id, params.corrId, body) }),
  route({ method: 'post', path: '/api/files/:id/links', summary: 'Link a related file', tags, access: 'user', params: s.fileParams, body: s.linkIn, response: s.fileOut, handler: (scope, { params, body }) => linkFile(scope, params.id, body) }),
  route({ method: 'delete', path: '/api/files/:id/links/:otherId', summary: 'Remove a related-file link (?version= the file version)', tags, access: 'user', params: s.linkParams, query: s.versionQuery, response: s.fileOut, handler: (scope, { params, query }) => unlinkFile(scope, params.id, params.otherId, query) }),
  route({ method: 'post', path: '/api/files/:id/drafts', summary: 'Start a draft for approval (DFA)', tags, access: 'user', status: 201, params: s.fileParams, body: s.createDraftIn, response: s.draftOut, handler: (scope, { params, body }) => createDraft(scope, params.id, body) }),
  route({ method: 'get', path: '/api/files/:id/drafts/:draftId', summary: 'A draft with its versions and comments', tags, access: 'user', params: s.draftParams, response: s.draftOut, handler: (scope, { params }) => getDraft(scope, params.id, params.draftId) }),
  route({ method: 'post', path: '/api/files/:id/drafts/:draftId/versions', summary: 'Revise a draft (a new version)', tags, access: 'user', params: s.draftParams, body: s.reviseDraftIn, response: s.draftOut, handler: (scope, { params, body }) => reviseDraft(scope, params.id, params.draftId, body) }),
  route({ method: 'post', path: '/api/files/:id/drafts/:draftId/comments', summary: 'Comment on a draft', tags, access: 'user', params: s.draftParams, body: s.commentIn, response: s.draftOut, handler: (scope, { params, body }) => commentOnDraft(scope, params.id, params.draftId, body) }),
  route({ method: 'post', path: '/api/files/:id/drafts/:draftId/approve', summary: 'Approve the current version: ready for signing', tags, access: 'user', params: s.draftParams, body: s.approveDraftIn, response: s.draftOut, handler: (scope, { params, body }) => approveDraft(scope, params.id, params.draftId, body) }),
  route({ method: 'get', path: '/api/files/:id/drafts/:draftId/diff', summary: 'Word differences between two versions of a draft', tags, access: 'user', params: s.draftParams, query: s.diffQuery, response: s.diffOut, handler: (scope, { params, query }) => diffDraft(scope, params.id, params.draftId, query) }),
];

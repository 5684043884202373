// The eFile data as the views read it: one file, its drafts and history, the files list and the
// file pickers — queries over the cache that `file` and `inbox` hints keep current.
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { keepPreviousData, useQuery } from '@tanstack/vue-query';
import type { Draft, EFile, FileListQuery } from '../../api/types';
import { keys, queryClient, useListQuery } from '../../api/queries';
import { filesApi } from './api';

export function useFileQuery(id: MaybeRefOrGetter<string>) {
  return useQuery(
    {
      queryKey: computed(() => keys.file.one(toValue(id))),
      queryFn: ({ signal }) => filesApi.get(toValue(id), signal),
      enabled: () => !!toValue(id),
    },
    queryClient,
  );
}

/** A file as it is now (to write against its latest version). */
export const fetchFile = (id: string) =>
  queryClient.fetchQuery({ queryKey: keys.file.one(id), queryFn: ({ signal }) => filesApi.get(id, signal) });

/** Takes a newer state of a file (a write's answer, or the current file of a 409) as what the cache holds. */
export function putFile(f: EFile): void {
  void queryClient.cancelQueries({ queryKey: keys.file.one(f.id), exact: true });
  queryClient.setQueryData(keys.file.one(f.id), f);
}

export function useFilesListQuery(query: MaybeRefOrGetter<FileListQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useListQuery(keys.files.list, filesApi.list, query, { enabled });
}

/** The active heads of the acting post's office, to open a file under. */
export function useOpenHeadsQuery(enabled: MaybeRefOrGetter<boolean>) {
  return useQuery(
    { queryKey: keys.fileHeads(null, false), queryFn: ({ signal }) => filesApi.heads(undefined, signal), enabled: () => toValue(enabled) },
    queryClient,
  );
}

/** What was done to the file (its audit trail), refetched with every new version of the file. */
export function useFileHistoryQuery(id: MaybeRefOrGetter<string>, version: MaybeRefOrGetter<number>) {
  return useQuery(
    {
      queryKey: computed(() => [...keys.file.history(toValue(id)), toValue(version)]),
      queryFn: ({ signal }) => filesApi.history(toValue(id), signal),
      placeholderData: keepPreviousData,
    },
    queryClient,
  );
}

export function useDraftQuery(fileId: MaybeRefOrGetter<string>, draftId: MaybeRefOrGetter<string>) {
  return useQuery(
    {
      queryKey: computed(() => keys.file.draft(toValue(fileId), toValue(draftId))),
      queryFn: ({ signal }) => filesApi.draft(toValue(fileId), toValue(draftId), signal),
    },
    queryClient,
  );
}

/** Takes a newer state of a draft (a write's answer, or the current draft of a 409). */
export function putDraft(fileId: string, d: Draft): void {
  void queryClient.cancelQueries({ queryKey: keys.file.draft(fileId, d.id), exact: true });
  queryClient.setQueryData(keys.file.draft(fileId, d.id), d);
}

/** The comparison of two versions of a draft (they never change once written). */
export const fetchDraftDiff = (fileId: string, draftId: string, from: number, to: number) =>
  queryClient.fetchQuery({
    queryKey: keys.file.diff(fileId, draftId, from, to),
    queryFn: ({ signal }) => filesApi.diff(fileId, draftId, from, to, signal),
    staleTime: Infinity,
  });

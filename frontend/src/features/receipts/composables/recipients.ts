import type { Post } from '../../../api/types';
import { keys } from '../../../api/queries';
import { useSearchedOptions, type Option } from '../../../composables/useSearchedOptions';
import { useMeStore } from '../../auth/store';
import { usePostLabel } from '../../admin/composables/options';
import { dakApi } from '../../dak/api';

export type PostOption = Option;

/**
 * Posts to send to, searched on the server as the user types (designation + office; the acting post
 * and inactive posts left out). Chosen posts stay in the list when a later search does not return them.
 */
export function useRecipientOptions() {
  const me = useMeStore();
  const label = usePostLabel();
  return useSearchedOptions<Post>({
    key: (q) => keys.org.posts({ q, pageSize: 50 }),
    search: async (q, signal) => (await dakApi.posts(q, signal)).items,
    toOption: (p) => label(p, false),
    offer: (p) => p.active && p.id !== me.actingPostId,
  });
}

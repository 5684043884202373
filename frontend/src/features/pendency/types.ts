// Shapes of the pendency and notification API (issue 6), as aliases over the generated schema.
import type { Item, Ok, Query } from '../../api/types';

export type PendencySummary = Ok<'/api/pendency/summary', 'get'>;
export type SummaryQuery = Query<'/api/pendency/summary', 'get'>;
export type PendencyCounts = PendencySummary['totals'];
export type BucketCounts = PendencyCounts['dwell'];
export type OfficeSummary = PendencySummary['offices'][number];
export type SectionSummary = OfficeSummary['sections'][number];
export type PostSummary = SectionSummary['posts'][number];
export type OfficeRef = OfficeSummary['office'];
export type SectionRef = NonNullable<SectionSummary['section']>;
export type PendencyPostRef = PostSummary['post'];
export type TrendWeek = PendencySummary['trend'][number];

export type PendingItemsPage = Ok<'/api/pendency/items', 'get'>;
export type PendingItem = Item<PendingItemsPage>;
export type ItemsQuery = Query<'/api/pendency/items', 'get'>;
export type MineQuery = Query<'/api/pendency/mine-with-others', 'get'>;
export type DisposalReport = Ok<'/api/pendency/disposal', 'get'>;
export type DisposalQuery = Query<'/api/pendency/disposal', 'get'>;
export type DisposalRow = DisposalReport['posts'][number];
export type RegisterPage = Ok<'/api/pendency/registers/{register}', 'get'>;
export type RegisterQuery = Query<'/api/pendency/registers/{register}', 'get'>;
export type RegisterItem = Item<RegisterPage>;
export type InspectResult = Ok<'/api/pendency/items/{type}/{id}/inspect', 'post'>;
export type ItemPendency = Ok<'/api/pendency/items/{type}/{id}', 'get'>;
export type PendingAbilities = PendingItem['abilities'];

export type NotificationsPage = Ok<'/api/notifications', 'get'>;
export type AppNotification = Item<NotificationsPage>;

export type ItemType = PendingItem['type'];
/** The kinds whose pendency is acted on here (reason, register, reminder, inspection); applications follow their workflow's deadlines. */
export type ActedItemType = Exclude<ItemType, 'appln'>;
export type PendencyType = 'all' | ItemType;
export const PENDENCY_TYPES: readonly PendencyType[] = ['all', 'receipt', 'file', 'appln'];
export type Register = NonNullable<PendingItem['register']>;
export const REGISTERS: readonly Register[] = ['rti', 'court', 'vip'];
export type Bucket = NonNullable<ItemsQuery['bucket']>;
export const BUCKETS: readonly Bucket[] = ['0-7', '8-15', '16-30', '31+'];
/** The keys of a bucket in the counts, in the order of BUCKETS. */
export type BucketKey = keyof BucketCounts;
export const BUCKET_KEYS: readonly BucketKey[] = ['upTo7', 'upTo15', 'upTo30', 'over30'];
export type Basis = 'dwell' | 'age';
export const BASES: readonly Basis[] = ['dwell', 'age'];
export type ItemSort = NonNullable<ItemsQuery['sort']>;
export const ITEM_SORTS: readonly ItemSort[] = ['dwell', 'age', 'due'];

export const bucketOf = (key: BucketKey): Bucket => BUCKETS[BUCKET_KEYS.indexOf(key)]!;
export const bucketKeyOf = (bucket: Bucket): BucketKey => BUCKET_KEYS[BUCKETS.indexOf(bucket)]!;

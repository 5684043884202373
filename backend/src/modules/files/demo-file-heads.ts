import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OfficeSchema } from '../org/index.js';
import { FileHeadSchema } from './files.entity.js';

/** The file scheme every demo office starts with (admins add and rename heads per office). */
const DEMO_FILE_HEADS = [
  { code: 'GEN', en: 'General', hi: 'सामान्य' },
  { code: 'CRIME', en: 'Crime', hi: 'अपराध' },
  { code: 'COMPLAINT', en: 'Public complaints', hi: 'जन शिकायत' },
  { code: 'LO', en: 'Law and order', hi: 'कानून व्यवस्था' },
  { code: 'EST', en: 'Establishment', hi: 'अधिष्ठान' },
  { code: 'ACCTS', en: 'Accounts', hi: 'लेखा' },
] as const;

export async function seedDemoFileHeads(em: EntityManager): Promise<void> {
  const offices = await em.find(OfficeSchema, { kind: { $ne: 'district' } });
  for (const office of offices) {
    for (const h of DEMO_FILE_HEADS)
      em.create(FileHeadSchema, {
        id: randomUUID(),
        office: office.id,
        code: h.code,
        nameEn: h.en,
        nameHi: h.hi,
        active: true,
        createdAt: new Date(),
      });
  }
  await em.flush();
}

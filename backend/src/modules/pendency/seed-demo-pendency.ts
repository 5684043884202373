import { randomUUID } from 'node:crypto';
import { istDate } from '../../shared/dates.js';
import type { Deps, Scope } from '../../shared/scope.js';
import { actorForUser } from '../auth/index.js';
import { registerReceipt, receiptKind } from '../dak/index.js';
import { openFile } from '../files/index.js';
import { sendItem } from '../movement/index.js';
import { syncCalendars } from './pendency-maintenance.js';
import { holidayCount, insertHoliday } from './calendar.queries.js';
import { backdateFile, backdateReceipt, demoItemsPresent, headOfPostOffice, officeByCode, postCodes, seedLock } from './demo.queries.js';
import { addDays } from './working-calendar.js';

/** Gazetted holidays of Uttar Pradesh (demo list; an administrator keeps the real one), and a Pilibhit local holiday. */
const DEMO_HOLIDAYS: Array<{ date: string; en: string; hi: string; district?: boolean }> = [
  { date: '2026-01-26', en: 'Republic Day', hi: 'गणतंत्र दिवस' },
  { date: '2026-03-04', en: 'Holi', hi: 'होली' },
  { date: '2026-03-21', en: 'Id-ul-Fitr', hi: 'ईद-उल-फ़ित्र' },
  { date: '2026-03-26', en: 'Ram Navami', hi: 'राम नवमी' },
  { date: '2026-04-03', en: 'Good Friday', hi: 'गुड फ़्राइडे' },
  { date: '2026-04-14', en: 'Dr. Ambedkar Jayanti', hi: 'डॉ. आंबेडकर जयंती' },
  { date: '2026-05-27', en: 'Id-ul-Zuha (Bakrid)', hi: 'ईद-उल-ज़ुहा (बकरीद)' },
  { date: '2026-08-15', en: 'Independence Day', hi: 'स्वतंत्रता दिवस' },
  { date: '2026-09-04', en: 'Janmashtami', hi: 'जन्माष्टमी' },
  { date: '2026-10-02', en: 'Gandhi Jayanti', hi: 'गांधी जयंती' },
  { date: '2026-10-20', en: 'Dussehra', hi: 'दशहरा' },
  { date: '2026-11-09', en: 'Deepawali', hi: 'दीपावली' },
  { date: '2026-11-24', en: 'Guru Nanak Jayanti', hi: 'गुरु नानक जयंती' },
  { date: '2026-12-25', en: 'Christmas', hi: 'क्रिसमस' },
  { date: '2027-01-26', en: 'Republic Day', hi: 'गणतंत्र दिवस' },
  { date: '2026-12-04', en: 'Pilibhit local holiday (demo)', hi: 'पीलीभीत स्थानीय अवकाश (डेमो)', district: true },
];

/**
 * The demo district's calendar (holidays) and, outside tests, a few items pending for a while at
 * Kotwali, Sungarhi and the SP office — made through the same use cases as the app (register,
 * send, open a file) and then dated back, so the dashboard has something overdue to show. Once.
 */
export async function seedDemoPendency(deps: Deps, o: { items: boolean }): Promise<void> {
  const em = deps.orm.em.fork();
  await em.transactional(async (tx) => {
    await seedLock(tx);
    if (!(await holidayCount(tx))) {
      const [district] = await officeByCode(tx, 'PBT');
      for (const h of DEMO_HOLIDAYS) {
        await insertHoliday(tx, {
          id: randomUUID(),
          officeId: h.district ? (district?.id ?? null) : null,
          day: h.date,
          nameEn: h.en,
          nameHi: h.hi,
        });
      }
    }
    await syncCalendars(tx);
  });
  if (!o.items) return;
  if (await demoItemsPresent(em)) return;

  const posts = new Map((await postCodes(em)).map((r) => [r.code, r.id]));
  const today = istDate();
  const scopeOf = async (username: string): Promise<Scope> => ({ actor: await actorForUser(em, username), em: deps.orm.em.fork(), deps });
  /** Registers a receipt at the dak desk, sends it on, and dates it back: received `age` days ago, with the holder for `held` days. */
  const pending = async (o: {
    clerk: string;
    to: string | null;
    subject: string;
    sender: string;
    age: number;
    held: number;
    grading?: 'normal' | 'confidential';
    priority?: 'normal' | 'immediate';
    register?: 'rti' | 'vip' | 'court';
    ref?: string;
    n: number;
  }) => {
    const clerk = await scopeOf(o.clerk);
    const { receipt } = await registerReceipt(clerk, {
      receivedDate: today,
      mode: 'post',
      sender: o.sender,
      subject: o.subject,
      letterNumber: `PND-DEMO/${o.n}`,
      letterDate: addDays(today, -o.age - 3),
      grading: o.grading ?? 'normal',
      priority: o.priority ?? 'normal',
      acknowledge: false,
      register: o.register ?? null,
      registerReference: o.ref ?? null,
    });
    if (o.to)
      await sendItem(clerk, receiptKind, receipt.id, {
        version: receipt.version,
        toPostId: posts.get(o.to)!,
        copyTo: [],
        remarks: 'कृपया जांच कर आख्या प्रस्तुत करें।',
      });
    const created = new Date(Date.now() - o.age * 86_400_000);
    const held = new Date(Date.now() - o.held * 86_400_000);
    await backdateReceipt(em, receipt.id, { created, receivedOn: istDate(created), held, openedAt: o.to ? null : created });
    return receipt.id;
  };

  const kotwali = { clerk: 'munshi.kotwali', to: 'PBT-PS-KOTWALI-SHO' };
  await pending({
    ...kotwali,
    n: 1,
    subject: 'ग्राम बरखेड़ा में भूमि विवाद के संबंध में प्रार्थना पत्र',
    sender: 'राम प्रसाद, ग्राम बरखेड़ा',
    age: 21,
    held: 19,
  });
  await pending({
    ...kotwali,
    n: 2,
    subject: 'Passport verification report — Mohd. Salim, Mohalla Khakra',
    sender: 'Regional Passport Office, Bareilly',
    age: 13,
    held: 12,
    priority: 'immediate',
  });
  await pending({
    ...kotwali,
    n: 3,
    subject: 'RTI application: status of FIR 211/2026',
    sender: 'Sunita Devi, Puranpur',
    age: 26,
    held: 4,
    register: 'rti',
    ref: 'RTI/PBT/118/2026',
  });
  await pending({ ...kotwali, n: 4, subject: 'चोरी की घटना के संबंध में शिकायत', sender: 'श्याम लाल, मोहल्ला पकड़िया', age: 3, held: 2 });
  await pending({
    ...kotwali,
    n: 5,
    subject: 'Intelligence input regarding a planned procession',
    sender: 'LIU, Pilibhit',
    age: 16,
    held: 15,
    grading: 'confidential',
  });
  await pending({
    clerk: 'munshi.kotwali',
    to: null,
    n: 6,
    subject: 'Arms licence renewal — Rajendra Singh',
    sender: 'Rajendra Singh, Civil Lines',
    age: 10,
    held: 10,
  });
  await pending({
    clerk: 'munshi.sungarhi',
    to: 'PBT-PS-SUNGARHI-SHO',
    n: 7,
    subject: 'अवैध खनन की शिकायत, ग्राम माधोटांडा',
    sender: 'ग्राम प्रधान, माधोटांडा',
    age: 17,
    held: 16,
  });
  await pending({
    clerk: 'munshi.sungarhi',
    to: 'PBT-PS-SUNGARHI-SHO',
    n: 8,
    subject: 'Traffic arrangement for the annual fair',
    sender: 'Nagar Palika Parishad, Pilibhit',
    age: 2,
    held: 1,
  });
  await pending({
    clerk: 'dak.sp',
    to: 'PBT-SP-READER',
    n: 9,
    subject: 'Reference from the Member of Parliament regarding a missing person',
    sender: 'Office of the MP, Pilibhit',
    age: 11,
    held: 10,
    register: 'vip',
    ref: 'MP/PBT/44/2026',
    priority: 'immediate',
  });

  // a file at Kotwali, opened by the SHO three weeks ago and still with him: overdue
  const sho = await scopeOf('sho.kotwali');
  const [head] = await headOfPostOffice(em, 'PBT-PS-KOTWALI-SHO', 'COMPLAINT');
  if (head) {
    const file = await openFile(sho, {
      headId: head.id,
      subject: 'भूमि विवाद — ग्राम बरखेड़ा (जांच)',
      keywords: ['भूमि विवाद'],
      grading: 'normal',
      priority: 'normal',
      category: 'complaint',
    });
    const opened = new Date(Date.now() - 22 * 86_400_000);
    const held = new Date(Date.now() - 9 * 86_400_000);
    await backdateFile(em, file.id, { opened, held });
  }
  deps.log.info('demo pendency seeded (back-dated items at Kotwali, Sungarhi and the SP office)');
}

import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Deps, Scope } from '../../shared/scope.js';
import { addDays, istDate } from '../../shared/dates.js';
import { actorForUser } from '../auth/index.js';
import { applicantActor, ApplicantSchema } from '../applicants/index.js';
import { areaOfLocality } from '../gazetteer/index.js';
import { ApplicationSchema } from './applications.entity.js';
import { fileApplication } from './submit-application.js';
import { resubmitApplication, takeAction } from './act-on-application.js';
import { uploadApplicationDocument, type UploadOwner } from './application-uploads.js';

/** A scanned consent form as a demo upload (a plain page image), through the same checks as any upload. */
async function demoUpload(deps: Deps, owner: UploadOwner, name: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'patravali-demo-'));
  try {
    const bytes = await sharp({ create: { width: 800, height: 1100, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return (
      await uploadApplicationDocument(
        deps,
        deps.orm.em.fork(),
        owner,
        { fieldname: 'file', originalname: name, mimetype: 'image/png', size: bytes.length, path: file, sha256, tooLarge: false },
        'hi',
      )
    ).id;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Demo applications in every state, made through the same use cases as the app: e-passes within the
 * district (with the SDM Sadar), to another district (approved by the ADM), out of the state (rejected
 * by the DM) and returned for correction; a visitor pass at the SP office; a character verification at
 * the police station; an event NOC resubmitted after correction. Once (skipped when any exists).
 */
export async function seedDemoApplications(deps: Deps): Promise<void> {
  // several processes may start at once: one seeds while the others wait, then find it done
  const lock = await deps.pool.connect();
  try {
    await lock.query('select pg_advisory_lock(7331015)');
    const em = deps.orm.em.fork();
    if (!(await em.count(ApplicationSchema, {}))) await seed(deps);
  } finally {
    await lock.query('select pg_advisory_unlock(7331015)').catch(() => undefined);
    lock.release();
  }
}

async function seed(deps: Deps): Promise<void> {
  const em = deps.orm.em.fork();
  const area = async (code: string) => (await areaOfLocality(em, { code }))!.locality!.id;
  const today = istDate();
  const citizen = async (mobile: string, name: string) => {
    const existing = await em.findOne(ApplicantSchema, { mobile });
    const a = existing ?? em.create(ApplicantSchema, { id: randomUUID(), mobile, name, locale: 'hi', lastSignInAt: new Date() });
    await em.flush();
    return a;
  };
  const ramesh = await citizen('9876500001', 'रमेश कुमार');
  const sunita = await citizen('9876500002', 'Sunita Devi');
  const asCitizen = (a: { id: string; mobile: string }) => ({
    channel: 'citizen' as const,
    actor: applicantActor(a.id, a.mobile, { ip: '127.0.0.1', locale: 'hi' }),
    applicantId: a.id,
    mobile: a.mobile,
    locale: 'hi' as const,
  });
  const staff = async (username: string): Promise<Scope> => ({ actor: await actorForUser(em, username), em: deps.orm.em.fork(), deps });
  const act = async (
    username: string,
    id: string,
    action: string,
    extra: { reason?: string; remarks?: string; report?: Record<string, unknown> } = {},
  ) => {
    const s = await staff(username);
    const app = await s.em.findOneOrFail(ApplicationSchema, { id });
    await takeAction(s, id, action, { version: app.version, ...extra });
  };
  const epass = (
    o: { from: string; to: Record<string, unknown>; category: string; date: string; vehicle: string },
    name: string,
    mobile: string,
  ) => ({
    service: 'EPASS',
    confirmDuplicate: true,
    data: {
      name,
      mobile,
      category: o.category,
      from: { areaId: o.from, line: 'मकान नं. 12' },
      to: o.to,
      travelDate: o.date,
      vehicle: o.vehicle,
      persons: 2,
      idProof: { kind: 'aadhaar', number: '234567890123' },
    },
  });
  const fresh = () => deps.orm.em.fork();
  const khakra = await area('PBT-L-KHAKRA');
  const bisalpur = await area('PBT-L-BISALPUR');

  // with the SDM Sadar, waiting
  await fileApplication(
    deps,
    fresh(),
    asCitizen(ramesh),
    epass(
      {
        from: khakra,
        to: { areaId: await area('PBT-L-SUNGARHI'), line: 'सुनगढ़ी बाज़ार' },
        category: 'medical',
        date: addDays(today, 1),
        vehicle: 'UP26AB1234',
      },
      'रमेश कुमार',
      ramesh.mobile,
    ),
  );
  // to another district: approved by the ADM
  const between = await fileApplication(
    deps,
    fresh(),
    asCitizen(sunita),
    epass(
      {
        from: bisalpur,
        to: { line: 'Civil Lines', district: 'Bareilly', state: 'UP' },
        category: 'goods',
        date: addDays(today, 2),
        vehicle: 'UP26CD4321',
      },
      'Sunita Devi',
      sunita.mobile,
    ),
  );
  await act('adm', between.id, 'approve');
  // out of the state: rejected by the DM
  const out = await fileApplication(
    deps,
    fresh(),
    asCitizen(ramesh),
    epass(
      {
        from: khakra,
        to: { line: 'Karol Bagh', district: 'New Delhi', state: 'DL' },
        category: 'stranded',
        date: addDays(today, 3),
        vehicle: 'UP26EF5678',
      },
      'रमेश कुमार',
      ramesh.mobile,
    ),
  );
  await act('dm', out.id, 'reject', { reason: 'notEssential', remarks: 'यात्रा का प्रयोजन आवश्यक सेवा में नहीं आता।' });
  // returned to the applicant for correction
  const returned = await fileApplication(
    deps,
    fresh(),
    asCitizen(sunita),
    epass(
      {
        from: khakra,
        to: { areaId: await area('PBT-L-JAHANABAD'), line: 'जहानाबाद' },
        category: 'medical',
        date: addDays(today, 4),
        vehicle: 'UP26GH9012',
      },
      'Sunita Devi',
      sunita.mobile,
    ),
  );
  await act('sdm.sadar', returned.id, 'returnForCorrection', { remarks: 'चिकित्सक का पर्चा संलग्न करें।' });

  // a visitor pass for the Crime Branch, waiting; an event NOC returned, corrected and resubmitted, now with the SP
  await fileApplication(deps, fresh(), asCitizen(sunita), {
    service: 'VISITOR-SP',
    confirmDuplicate: true,
    data: {
      name: 'Sunita Devi',
      mobile: sunita.mobile,
      section: 'crime',
      visitDate: addDays(today, 1),
      purpose: 'शिकायत की प्रगति जानने हेतु',
      idProof: { kind: 'voterId', number: 'UPX1234567' },
    },
  });
  const nocData = {
    name: 'रमेश कुमार',
    mobile: ramesh.mobile,
    eventName: 'रामलीला मंचन',
    venue: { areaId: await area('PBT-L-ASAM'), line: 'रामलीला मैदान' },
    eventDate: addDays(today, 20),
    expectedPeople: 800,
    idProof: { kind: 'aadhaar', number: '345678901234' },
  };
  const noc = await fileApplication(deps, fresh(), asCitizen(ramesh), { service: 'EVENTNOC', confirmDuplicate: true, data: nocData });
  await act('sp', noc.id, 'returnForCorrection', { remarks: 'कार्यक्रम का समय और आयोजन समिति के सदस्यों के नाम लिखें।' });
  const returnedNoc = await fresh().findOneOrFail(ApplicationSchema, { id: noc.id });
  await resubmitApplication(deps, fresh(), asCitizen(ramesh).actor, ramesh.id, returnedNoc.referenceNumber, {
    version: returnedNoc.version,
    data: { ...nocData, eventName: 'रामलीला मंचन (सायं 6 से 10 बजे), आयोजक: श्रीराम समिति' },
  });

  // a character verification, filed by the DM office, now with the police station for its report
  const dm = await staff('dm');
  const consent = await demoUpload(deps, { applicantId: null, postId: dm.actor.postId }, 'consent.png');
  const cv = await fileApplication(
    deps,
    dm.em,
    { channel: 'office', actor: dm.actor, applicantId: null, mobile: '9876500003', name: 'Mohd. Arif', locale: 'hi' },
    {
      service: 'CHARVERIFY',
      confirmDuplicate: true,
      data: {
        consent,
        subjectName: 'Mohd. Arif',
        fatherName: 'Mohd. Yusuf',
        dateOfBirth: '1994-05-12',
        subjectAddress: { areaId: khakra, line: 'मोहल्ला खकरा, पीलीभीत' },
        purpose: 'employment',
        idProof: { kind: 'voterId', number: 'ABC1234567' },
      },
    },
  );
  await act('dm', cv.id, 'forwardToSp');
  await act('sp', cv.id, 'askStation');
  // another, all the way: the station's report came back and the DM issued the certificate
  const consent2 = await demoUpload(deps, { applicantId: null, postId: dm.actor.postId }, 'consent-2.png');
  const done = await fileApplication(
    deps,
    deps.orm.em.fork(),
    { channel: 'office', actor: dm.actor, applicantId: null, mobile: '9876500004', name: 'Pooja Verma', locale: 'hi' },
    {
      service: 'CHARVERIFY',
      confirmDuplicate: true,
      data: {
        consent: consent2,
        subjectName: 'Pooja Verma',
        fatherName: 'Rakesh Verma',
        dateOfBirth: '1998-09-21',
        subjectAddress: { areaId: await area('PBT-L-DRUMMONDGANJ'), line: 'ड्रमंडगंज, पीलीभीत' },
        purpose: 'passport',
        idProof: { kind: 'pan', number: 'ABCDE1234F' },
      },
    },
  );
  await act('dm', done.id, 'forwardToSp');
  await act('sp', done.id, 'askStation');
  await act('sho.kotwali', done.id, 'submitReport', {
    report: { antecedents: 'none', cases: [], remarks: 'आवेदिका के विरुद्ध थाने पर कोई अभियोग पंजीकृत नहीं है; चरित्र अच्छा है।' },
  });
  await act('dm', done.id, 'issueCertificate');
}

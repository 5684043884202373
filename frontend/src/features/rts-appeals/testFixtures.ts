// Sample answers of the appeals API for the unit tests.
import type { Appeal } from './api';

export const APPEAL_ID = '00000000-0000-4000-8000-0000000a0001';
const post = (id: string, code: string, en: string, hi: string, officeEn: string, officeHi: string) => ({
  id,
  code,
  designation: { en, hi },
  officeName: { en: officeEn, hi: officeHi },
});
export const SDM = post('00000000-0000-4000-8000-0000000000d1', 'PBT-TEH-SADAR-SDM', 'SDM', 'उप जिलाधिकारी', 'Sadar', 'सदर');
export const ADM = post('00000000-0000-4000-8000-0000000000d2', 'PBT-DM-ADM', 'ADM', 'अपर जिलाधिकारी', 'DM Office', 'जिलाधिकारी कार्यालय');

export function sampleAppeal(over: Partial<Appeal> = {}): Appeal {
  return {
    id: APPEAL_ID,
    version: 3,
    number: 'APL/PBT-DM/2026/000012',
    grounds: 'delay',
    byApplicant: false,
    level: 1,
    status: 'pending',
    application: {
      id: '00000000-0000-4000-8000-00000000a001',
      referenceNumber: 'EPASS/PBT/2026/000123',
      service: { code: 'EPASS', name: { en: 'Movement e-pass', hi: 'आवागमन ई-पास' } },
      applicantName: 'Ramesh Kumar',
      stageName: { en: 'Submitted', hi: 'प्रस्तुत' },
      status: 'open',
      filedAt: '2026-11-20T05:00:00.000Z',
      rts: { dueDate: '2026-11-27', paused: false, daysLeft: null, overdue: true, onTime: null },
    },
    holder: ADM,
    designated: SDM,
    missedOn: '2026-11-27',
    filedAt: '2026-11-28T00:30:00.000Z',
    levelSince: '2026-11-28T00:30:00.000Z',
    dueDate: '2027-01-09',
    overdue: false,
    grievance: null,
    reply: null,
    repliedAt: null,
    decision: null,
    decidedAt: null,
    decidedBy: null,
    orderDays: null,
    orderDueDate: null,
    orderText: null,
    penalty: null,
    compensationAmount: null,
    steps: [{ kind: 'filed', level: 1, at: '2026-11-28T00:30:00.000Z', holder: ADM, by: null, byApplicant: false, remarks: null }],
    abilities: { decide: true, reply: false },
    ...over,
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localiseIssues } from '../../http/validation.js';
import { serviceDefinition, type ServiceDefinition } from './service-definition.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
const seeds = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ServiceDefinition]),
);
const epass = () => structuredClone(seeds['epass.json']!) as any;

/** The problems of a definition, as the API would list them (path and English message). */
function problems(def: unknown, locale: 'en' | 'hi' = 'en') {
  const r = serviceDefinition.safeParse(def);
  return r.success ? [] : localiseIssues(r.error.issues, locale).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('service definitions', () => {
  it.each(Object.keys(seeds))('the seeded %s is valid', (f) => expect(problems(seeds[f])).toEqual([]));

  it('the e-pass has the 22 categories of essential services and routes by movement', () => {
    const d = serviceDefinition.parse(seeds['epass.json']);
    const category = d.form.find((f) => f.key === 'category');
    expect(category?.type === 'select' && category.options).toHaveLength(22);
    expect(d.routing).toEqual({ rule: 'movement', from: 'from', to: 'to' });
  });

  it('refuses a workflow with an unknown, unreachable or dead-end state, in words', () => {
    const d = epass();
    d.workflow.actions.find((a: any) => a.code === 'approve').to = 'granted';
    d.workflow.states.push({ code: 'lost', name: { en: 'Lost', hi: 'खोया' } });
    expect(problems(d)).toEqual(
      expect.arrayContaining([
        'workflow.actions.0.to: There is no state "granted".',
        'workflow.states.2: The state "approved" cannot be reached from the first state.',
        'workflow.states.4: The state "lost" cannot be reached from the first state.',
        'workflow.states.4: No action leaves the state "lost": mark it final or add an action.',
      ]),
    );
  });

  it('refuses actions from a final state and officers acting while the applicant holds it', () => {
    const d = epass();
    d.workflow.actions.push({
      code: 'reopen',
      name: { en: 'Reopen', hi: 'पुनः खोलें' },
      from: ['rejected'],
      to: 'submitted',
      by: 'supervision',
    });
    d.workflow.actions.find((a: any) => a.code === 'resubmit').by = 'noting';
    const p = problems(d);
    expect(p).toContain('workflow.actions.4.from.0: The state "rejected" is final: no action can start from it.');
    expect(p).toContain(
      'workflow.actions.3.by: Only the applicant acts while an application is with them (state "returned"), and only officers act otherwise.',
    );
  });

  it('refuses duplicate field keys, a routing rule naming a missing or wrong field, and a document no action issues', () => {
    const d = epass();
    d.form.push({ ...d.form[0] });
    d.routing.to = 'persons';
    for (const a of d.workflow.actions) a.issuesDocument = false;
    const p = problems(d);
    expect(p).toContain('form.10: The field "name" appears twice.');
    expect(p).toContain('routing.to: The form has no field "persons" of the kind address.');
    expect(p).toContain('output.document: The service issues a document, so one action must issue it.');
  });

  it('says what a key and a code may be, in Hindi too', () => {
    const d = epass();
    d.code = 'e pass';
    d.form[0].key = 'Full Name';
    const p = problems(d, 'hi');
    expect(p).toContain('code: बड़े अंग्रेज़ी अक्षर, अंक और - प्रयोग करें, शुरुआत अक्षर से (जैसे EPASS)।');
    expect(p.find((x) => x.startsWith('form.0.key'))).toMatch(/छोटे अंग्रेज़ी अक्षर से शुरू/);
  });

  it('names what is missing or twice in Hindi words too (state, field, the kind of field)', () => {
    const d = epass();
    d.workflow.actions.find((a: any) => a.code === 'approve').to = 'granted';
    d.form.push({ ...d.form[0] });
    d.routing.to = 'persons';
    const p = problems(d, 'hi');
    expect(p).toContain('workflow.actions.0.to: कोई स्थिति "granted" नहीं है।');
    expect(p).toContain('form.10: क्षेत्र "name" दो बार है।');
    expect(p).toContain('routing.to: फ़ॉर्म में पता प्रकार का कोई क्षेत्र "persons" नहीं है।');
  });

  it('refuses unknown properties and field types', () => {
    const d = epass();
    d.form[0].type = 'signature';
    d.colour = 'red';
    expect(problems(d).length).toBeGreaterThanOrEqual(2);
  });
});

import { describe, expect, it } from 'vitest';
import {
  blankField,
  blankState,
  checkModel,
  definitionsInFile,
  describePath,
  entryTitle,
  flowOf,
  move,
  renameField,
  renameState,
  templateModel,
  toDefinition,
  toModel,
  type ServiceDefinition,
} from './definitionModel';

// the demo district's definitions, as the seed imports them (defaults not filled in)
const seeds = import.meta.glob<ServiceDefinition>('../../../../../../backend/src/modules/services/data/*.json', {
  eager: true,
  import: 'default',
});
const byCode = Object.fromEntries(Object.values(seeds).map((d) => [d.code, d]));
const clone = (code: string) => structuredClone(byCode[code]!);

/** A stand-in for vue-i18n's t: the key's last word, with its parameters. */
const t = (key: string, params?: Record<string, unknown>) => `${key.split('.').pop()}${params ? JSON.stringify(params) : ''}`;

describe('definition ↔ editor model', () => {
  it('finds the six demo definitions', () =>
    expect(Object.keys(byCode).sort()).toEqual(['CHARVERIFY', 'EPASS', 'EVENTNOC', 'LOUDSPEAKER', 'VISITOR-DM', 'VISITOR-SP']));

  it.each(Object.keys(byCode))(
    '%s: keeps everything the definition says and adds only the defaults; a second round changes nothing',
    (code) => {
      const d = clone(code);
      const once = toDefinition(toModel(d));
      expect(once).toMatchObject(d as unknown as Record<string, unknown>);
      expect(toDefinition(toModel(once))).toEqual(once);
      // nothing the definition does not give beyond the schema's defaults (JSON has no undefined)
      expect(JSON.parse(JSON.stringify(once))).toEqual(once);
    },
  );

  it('fills in the defaults the server fills in (required, text length, upload settings, state and action flags)', () => {
    const d = toDefinition(toModel(clone('LOUDSPEAKER')));
    expect(d.form[0]).toEqual({
      key: 'name',
      type: 'text',
      label: { en: "Applicant's name", hi: 'आवेदक का नाम' },
      required: true,
      maxLength: 200,
    });
    expect(d.workflow.states[2]).toEqual({ code: 'approved', name: { en: 'Approved', hi: 'स्वीकृत' }, terminal: true, withApplicant: false });
    expect(d.workflow.actions[0]).toMatchObject({ reasonRequired: false, issuesDocument: true, report: false });
    expect(d.workflow.actions[0]).not.toHaveProperty('handTo');
    expect(d.workflow.actions[0]).not.toHaveProperty('reasons');
  });

  it('keeps hand-to, reports, validity and the section routing of the demo services', () => {
    const verify = toDefinition(toModel(clone('CHARVERIFY')));
    expect(verify.workflow.actions.map((a) => a.handTo)).toEqual([
      { role: 'sp', address: 'subjectAddress' },
      { role: 'police_station', address: 'subjectAddress' },
      'origin',
      undefined,
      undefined,
    ]);
    expect(verify.output).toEqual({ document: 'certificate', validityDays: 180, signer: 'office' });
    // who signs, and a visitor pass's hours, survive the editor (issue 16)
    expect(toDefinition(toModel(clone('EVENTNOC'))).output.signer).toBe('officer');
    expect(toDefinition(toModel(clone('VISITOR-SP'))).output).toMatchObject({ signer: 'office', hours: { from: '10:00', to: '17:30' } });
    expect(toDefinition(toModel(clone('VISITOR-SP'))).routing).toEqual({
      rule: 'section',
      field: 'section',
      posts: { reader: 'PBT-SP-READER', crime: 'PBT-SP-CRIME', establishment: 'PBT-SP-EST' },
    });
  });

  it('writes only the chosen type’s settings of a field, and leaves out an empty hint and empty numbers', () => {
    const m = toModel(clone('EPASS'));
    const persons = m.form.find((f) => f.key === 'persons')!;
    persons.type = 'text';
    persons.maxLength = 3;
    const travel = m.form.find((f) => f.key === 'travelDate')!;
    travel.maxDaysAhead = null;
    travel.hint = { hi: '', en: '' };
    const d = toDefinition(m);
    expect(d.form.find((f) => f.key === 'persons')).toEqual({
      key: 'persons',
      type: 'text',
      label: expect.any(Object),
      required: true,
      maxLength: 3,
    });
    expect(d.form.find((f) => f.key === 'travelDate')).toEqual({
      key: 'travelDate',
      type: 'date',
      label: expect.any(Object),
      required: true,
      notBefore: 'today',
    });
  });

  it('leaves an empty required number out, for the server to name (it is never sent as null)', () => {
    const m = toModel(clone('LOUDSPEAKER'));
    m.timelineDays = null;
    m.states[0]!.deadlineDays = null;
    const json = JSON.parse(JSON.stringify(toDefinition(m)));
    expect(json).not.toHaveProperty('timelineDays');
    expect(json.workflow.states[0]).not.toHaveProperty('deadlineDays');
  });

  it('routes a section service to the posts of the chosen field’s options only', () => {
    const m = toModel(clone('VISITOR-DM'));
    m.routing.posts = { dm: ' PBT-DM-DM ', adm: '', gone: 'PBT-X' };
    expect(toDefinition(m).routing).toEqual({ rule: 'section', field: 'section', posts: { dm: 'PBT-DM-DM' } });
  });

  it('the template for a new service has a valid workflow and asks only for what only the owner knows', () => {
    const m = templateModel();
    expect(flowOf(m).every((s) => s.reachable && (s.state.terminal || s.out.length > 0))).toBe(true);
    expect(checkModel(m, true).map((p) => p.path.join('.'))).toEqual([
      'code',
      'name.hi',
      'name.en',
      'description.hi',
      'description.en',
      'deliveredBy.referencePrefix',
    ]);
  });
});

describe('editing', () => {
  it('moves an entry up and down, and not past the ends', () => {
    const xs = ['a', 'b', 'c'];
    move(xs, 2, -1);
    expect(xs).toEqual(['a', 'c', 'b']);
    move(xs, 0, -1);
    move(xs, 2, 1);
    expect(xs).toEqual(['a', 'c', 'b']);
    move(xs, 0, 1);
    expect(xs).toEqual(['c', 'a', 'b']);
  });

  it('a renamed state is renamed in the initial state and in the actions', () => {
    const m = toModel(clone('LOUDSPEAKER'));
    m.states[0]!.code = 'filed';
    renameState(m, 'submitted', 'filed');
    expect(m.initial).toBe('filed');
    expect(m.actions.map((a) => `${a.from.join('+')}>${a.to}`)).toEqual([
      'filed>approved',
      'filed>rejected',
      'filed>returned',
      'returned>filed',
    ]);
  });

  it('a state is not renamed in the actions while another state still has the old code', () => {
    const m = toModel(clone('LOUDSPEAKER'));
    m.states.push({ ...blankState(), code: 'submitted' }); // a second "submitted" (the server will name it)
    m.states[0]!.code = 'filed';
    renameState(m, 'submitted', 'filed');
    expect(m.initial).toBe('submitted');
    expect(m.actions[3]!.to).toBe('submitted');
  });

  it('a renamed field is renamed in the routing rule and in hand-to', () => {
    const m = toModel(clone('CHARVERIFY'));
    m.routing = { ...m.routing, rule: 'policeStation', address: 'subjectAddress' };
    m.form.find((f) => f.key === 'subjectAddress')!.key = 'home';
    renameField(m, 'subjectAddress', 'home');
    expect(m.routing.address).toBe('home');
    expect(m.actions.filter((a) => a.handTo === 'role').map((a) => a.handToAddress)).toEqual(['home', 'home']);
  });
});

describe('cheap checks', () => {
  it('names empty labels, keys used twice and an action going nowhere, at the server’s paths', () => {
    const m = toModel(clone('LOUDSPEAKER'));
    m.form.push({ ...blankField('text'), key: 'hours', label: { hi: 'घंटे', en: '' } });
    m.actions[0]!.to = '';
    m.actions[1]!.from = [];
    expect(checkModel(m, false)).toEqual([
      { path: ['form', '7', 'key'], key: 'duplicate', params: { key: 'hours' } },
      { path: ['form', '7', 'label', 'en'], key: 'required' },
      { path: ['workflow', 'actions', '0', 'to'], key: 'required' },
      { path: ['workflow', 'actions', '1', 'from'], key: 'chooseOne' },
    ]);
  });

  it('leaves the graph rules to the server: an action to a removed state passes the cheap checks', () => {
    const m = toModel(clone('LOUDSPEAKER'));
    m.states.splice(1, 1);
    expect(checkModel(m, false)).toEqual([]);
    expect(
      flowOf(m)
        .find((s) => s.state.code === 'submitted')!
        .out.find((o) => o.action.code === 'returnForCorrection')!.to,
    ).toBeNull();
  });

  it('the flow shows a state no action reaches', () => {
    const m = toModel(clone('LOUDSPEAKER'));
    m.actions.splice(1, 1); // no more "reject"
    expect(flowOf(m).map((s) => `${s.state.code}:${s.reachable}`)).toEqual([
      'submitted:true',
      'returned:true',
      'approved:true',
      'rejected:false',
    ]);
  });
});

describe('problems in words', () => {
  const d = toDefinition(toModel(clone('LOUDSPEAKER')));
  const known = (key: string) => !key.endsWith('.weird');

  it('names the entries of lists by number and key', () => {
    expect(describePath(['workflow', 'actions', '2', 'to'], d, t, known)).toBe(
      'workflow › itemNamed{"item":"action","n":3,"id":"returnForCorrection"} › to',
    );
  });

  it('tells the routing rule’s fields from an action’s states, and names a section’s post by its option', () => {
    expect(describePath(['routing', 'from'], d, t, known)).toBe('routing › routingFrom');
    expect(describePath(['workflow', 'actions', '3', 'from', '0'], d, t, known)).toBe(
      'workflow › itemNamed{"item":"action","n":4,"id":"resubmit"} › itemNamed{"item":"fromState","n":1,"id":"returned"}',
    );
    expect(describePath(['routing', 'posts', 'dm'], d, t, known)).toBe('routing › postFor{"option":"dm"}');
  });

  it('numbers an entry without a key, shows unknown words as they are, and follows the import’s definitions', () => {
    expect(
      describePath(['definitions', '0', 'form', '2', 'weird'], { definitions: [{ code: 'X', form: [{}, {}, { key: '' }] }] }, t, known),
    ).toBe('itemNamed{"item":"definition","n":1,"id":"X"} › item{"item":"field","n":3} › weird');
  });
});

describe('an imported file', () => {
  it('takes the export’s catalogue, a list, or one definition', () => {
    expect(definitionsInFile('{"definitions":[{"code":"A"},{"code":"B"}]}')).toEqual([{ code: 'A' }, { code: 'B' }]);
    expect(definitionsInFile('[{"code":"A"}]')).toEqual([{ code: 'A' }]);
    expect(definitionsInFile('{"code":"A"}')).toEqual([{ code: 'A' }]);
  });

  it('refuses what is not JSON or holds no definition', () => {
    expect(definitionsInFile('code,name')).toBeNull();
    expect(definitionsInFile('[]')).toBeNull();
    expect(definitionsInFile('{"definitions":[]}')).toBeNull();
    expect(definitionsInFile('42')).toBeNull();
  });
});

describe('entry titles', () => {
  it('number an entry and name it by its key once it has one', () => {
    expect(entryTitle(t, 'field', 2, ' hours ')).toBe('itemNamed{"item":"field","n":3,"id":"hours"}');
    expect(entryTitle(t, 'state', 0, '')).toBe('item{"item":"state","n":1}');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { compileCard, TemplateSyntaxError } from '../../cards/template.js';

// The compiled templates expand exactly as Microsoft's adaptivecards-templating does, for every
// template in cards/ and data that exercises each binding, $data and $when both ways.
const require = createRequire(import.meta.url);
const reference = require('adaptivecards-templating') as {
  Template: new (payload: object) => { expand(context: { $root: unknown }): object };
};
const CARDS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'cards');
/** Every template under cards/ (each feature's folder), by file name. */
const TEMPLATES = new Map(
  (readdirSync(CARDS, { recursive: true }) as string[])
    .filter((path) => path.endsWith('.json'))
    .map((path) => [basename(path), join(CARDS, path)] as const),
);
const template = (name: string) => JSON.parse(readFileSync(TEMPLATES.get(name)!, 'utf8')) as object;

const facts = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `L${i}`, value: `V${i}` }));
const labels = {
  refresh: 'R',
  roles: 'Roles',
  message: 'M',
  partners: 'P',
  unchanged: 'U',
  reason: 'Why',
  approve: 'Yes',
  decline: 'No',
  status: 'S',
  created: 'C',
  expires: 'E',
  adminCenter: 'AC',
  reseller: 'RS',
  adminRelationship: 'AR',
};
const simulated = { microsoftNotice: '', approveHere: true, adminRelationshipUrl: '', resellerUrl: '' };
const buttons = {
  send: 's',
  edit: 'e',
  cancel: 'c',
  resend: 'r',
  open: 'o',
  previous: 'p',
  next: 'n',
  terminate: 't',
  autoExtend: 'a',
  requestAgain: 'q',
};

const DATA: Record<string, object[]> = {
  'invitation.json': [
    {
      ...simulated,
      invitationId: 'id-1',
      title: 'T',
      subtitle: 'S',
      notice: '',
      noticeColor: 'Default',
      facts: facts(3),
      roles: [
        { name: 'A', explanation: 'a' },
        { name: 'B', explanation: 'b' },
      ],
      message: 'Hi',
      partners: 'N',
      unchanged: ['x', 'y'],
      actionable: true,
      adminUserIds: ['u1', 'u2'],
      labels,
    },
    {
      ...simulated,
      invitationId: 'id-2',
      title: 'T',
      subtitle: 'S',
      notice: 'Approved',
      noticeColor: 'Good',
      facts: facts(1),
      roles: [],
      message: '',
      partners: 'None',
      unchanged: ['x'],
      actionable: false,
      adminUserIds: [],
      labels,
    },
    {
      ...simulated,
      invitationId: 'id-3',
      title: 'T',
      subtitle: 'S',
      notice: 'n',
      noticeColor: 'Warning',
      facts: [],
      roles: [{ name: 'A', explanation: 'a' }],
      message: 'm',
      partners: 'p',
      unchanged: [],
      actionable: false,
      adminUserIds: ['u'],
      labels,
    },
    // Connected to Partner Center: approval at Microsoft (both links), no Approve on the card.
    {
      invitationId: 'id-4',
      title: 'T',
      subtitle: 'S',
      notice: '',
      noticeColor: 'Default',
      microsoftNotice: 'At Microsoft',
      approveHere: false,
      adminRelationshipUrl: 'https://admin.microsoft.com/a',
      resellerUrl: 'https://admin.microsoft.com/r',
      facts: facts(2),
      roles: [],
      message: '',
      partners: 'p',
      unchanged: ['x'],
      actionable: true,
      adminUserIds: ['u'],
      labels,
    },
    {
      invitationId: 'id-5',
      title: 'T',
      subtitle: 'S',
      notice: '',
      noticeColor: 'Default',
      microsoftNotice: 'Reseller',
      approveHere: true,
      adminRelationshipUrl: '',
      resellerUrl: 'https://admin.microsoft.com/r',
      facts: facts(2),
      roles: [],
      message: '',
      partners: 'p',
      unchanged: ['x'],
      actionable: true,
      adminUserIds: ['u'],
      labels,
    },
  ],
  'invitationList.json': [
    {
      title: 'T',
      pageText: 'P',
      labels,
      buttons,
      items: [
        {
          id: 'a',
          code: 'AAA-001',
          customer: 'C',
          status: 'S',
          created: 'c',
          expires: 'e',
          pending: true,
          openable: false,
        },
        { id: 'b', code: 'B', customer: 'D', status: 'S', created: 'c', expires: 'e', pending: false, openable: true },
      ],
      hasPrevious: true,
      hasNext: false,
      previousPage: 1,
      nextPage: 3,
    },
    {
      title: 'T',
      pageText: 'P',
      labels,
      buttons,
      items: [
        { id: 'a', code: 'A', customer: 'C', status: 'S', created: 'c', expires: 'e', pending: false, openable: false },
      ],
      hasPrevious: false,
      hasNext: false,
      previousPage: 0,
      nextPage: 2,
    },
    {
      title: 'T',
      pageText: 'P',
      labels,
      buttons,
      items: [],
      hasPrevious: false,
      hasNext: true,
      previousPage: 0,
      nextPage: 2,
    },
  ],
  'inviteSummary.json': [
    { title: 'T', facts: facts(7), prompt: 'Send?', buttons, live: true },
    { title: 'T', facts: facts(2), prompt: 'Sent.', buttons, live: false },
  ],
  'partnerNotification.json': [
    { title: 'T', color: 'Good', text: '', relationshipId: '', buttons: { assignAccess: 'x' }, facts: facts(5) },
    { title: 'T', color: 'Attention', text: 'Assign', relationshipId: 'r1', buttons: { assignAccess: 'x' }, facts: [] },
  ],
  'microsoftRequest.json': [
    {
      title: 'T',
      text: 'I',
      facts: facts(3),
      shareLabel: 'Send',
      share: 'a\n\nb',
      adminRelationshipUrl: 'https://admin.microsoft.com/a',
      resellerUrl: 'https://admin.microsoft.com/r',
      labels,
    },
    {
      title: 'T',
      text: 'I',
      facts: facts(2),
      shareLabel: 'Send',
      share: 'a',
      adminRelationshipUrl: 'https://admin.microsoft.com/a',
      resellerUrl: '',
      labels,
    },
  ],
  'history.json': [
    {
      title: 'T',
      facts: facts(3),
      entries: [
        { at: '1 Jan', text: 'Sent' },
        { at: '2 Jan', text: 'Approved' },
      ],
    },
    { title: 'T', facts: [], entries: [] },
  ],
  'exportText.json': [
    { title: 'T', intro: 'I', lines: [{ text: 'a,b' }, { text: 'c,d' }], more: '' },
    { title: 'T', intro: 'I', lines: [{ text: 'a' }], more: '… and 3 more' },
  ],
  'whoManages.json': [
    {
      title: 'T',
      intro: 'I',
      relationships: [
        { name: 'R', facts: facts(3), groups: [{ text: 'G: roles\n\nMembers: a, b' }, { text: 'H' }] },
        { name: 'S', facts: facts(2), groups: [] },
      ],
      more: '2 of 12',
    },
    { title: 'T', intro: 'none', relationships: [], more: '' },
  ],
  'accessAssignment.json': [
    {
      title: 'T',
      color: 'Default',
      text: 'I',
      facts: facts(3),
      live: true,
      relationshipId: 'r1',
      buttons: { assign: 'A' },
      groups: [
        {
          inputId: 'access.g1',
          name: 'G1',
          value: 'a,b',
          choices: [
            { title: 'A', value: 'a' },
            { title: 'B', value: 'b' },
          ],
        },
        { inputId: 'access.g2', name: 'G2', value: '', choices: [{ title: 'A', value: 'a' }] },
      ],
    },
    {
      title: 'T',
      color: 'Good',
      text: '',
      facts: facts(1),
      live: false,
      relationshipId: 'r2',
      buttons: { assign: 'A' },
      groups: [{ inputId: 'access.g1', name: 'G1', value: 'a', choices: [] }],
    },
  ],
  'relationshipNotice.json': [
    {
      title: 'T',
      color: 'Attention',
      text: 'Do something',
      facts: facts(4),
      relationshipId: 'r1',
      canTurnOnAutoExtend: true,
      canRequestAgain: true,
      buttons,
    },
    {
      title: 'T',
      color: 'Default',
      text: '',
      facts: facts(2),
      relationshipId: 'r2',
      canTurnOnAutoExtend: false,
      canRequestAgain: false,
      buttons,
    },
  ],
  'relationshipList.json': [
    {
      title: 'T',
      intro: 'I',
      buttons,
      items: [
        {
          name: 'N',
          facts: facts(2),
          relationshipId: 'r1',
          terminateTitle: 'End r1',
          assignTitle: 'Assign r1',
          autoExtendOffTitle: 'Off r1',
        },
        { name: 'M', facts: facts(1), relationshipId: '', terminateTitle: '', assignTitle: '', autoExtendOffTitle: '' },
      ],
    },
    {
      title: 'T',
      intro: '',
      buttons,
      items: [
        {
          name: 'N',
          facts: facts(3),
          relationshipId: 'r3',
          terminateTitle: 'x',
          assignTitle: '',
          autoExtendOffTitle: '',
        },
        {
          name: 'O',
          facts: facts(1),
          relationshipId: 'r4',
          terminateTitle: '',
          assignTitle: 'y',
          autoExtendOffTitle: '',
        },
        { name: 'P', facts: [], relationshipId: 'r5', terminateTitle: '', assignTitle: '', autoExtendOffTitle: 'z' },
      ],
    },
  ],
};

describe('compiled card templates', () => {
  it('every template in cards/ has test data here', () => {
    expect([...TEMPLATES.keys()].sort()).toEqual(Object.keys(DATA).sort());
  });

  for (const [name, cases] of Object.entries(DATA)) {
    it(`${name} expands exactly as adaptivecards-templating expands it`, () => {
      const compiled = compileCard(template(name));
      const oracle = new reference.Template(template(name));
      for (const data of cases) expect(compiled.expand(data)).toEqual(oracle.expand({ $root: data }));
    });
  }

  it('an unknown value shows as its binding, as the reference engine does', () => {
    const t = { type: 'TextBlock', text: 'Hello ${missing}', value: '${missing}' };
    expect(compileCard(t).expand({})).toEqual(new reference.Template(t).expand({ $root: {} }));
  });

  it('refuses, at compile time, syntax outside what it supports', () => {
    expect(() => compileCard({ text: "${concat('a', 'b')}" })).toThrow(TemplateSyntaxError);
    expect(() => compileCard({ text: '${a + b}' })).toThrow(TemplateSyntaxError);
  });
});

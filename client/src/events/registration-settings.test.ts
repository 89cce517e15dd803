import { describe, expect, it } from 'vitest';
import type { EventDetail } from '../api/client';
import { editQuestions } from './question-editor';
import { rebaseSettings, settingsBody, toSettings, NO_SETTINGS } from './registration-settings';

const event = (over: Partial<EventDetail> = {}) =>
  ({
    requiresApproval: false,
    questions: [{ id: 'q1', label: 'Diet', type: 'text', required: false, options: null }],
    ...over,
  }) as EventDetail;

describe('registration settings', () => {
  it('a new event sends questions only when there are some', () => {
    expect(settingsBody(NO_SETTINGS)).toEqual({});
    const settings = { ...NO_SETTINGS, questions: editQuestions([], { type: 'add' }, false) };
    expect(settingsBody(settings).questions).toHaveLength(1);
  });

  it('an edit sends only what changed: approval, or the whole question list', () => {
    const saved = event();
    expect(settingsBody(toSettings(saved), saved)).toEqual({});
    expect(settingsBody({ ...toSettings(saved), requiresApproval: true }, saved)).toEqual({
      requiresApproval: true,
    });
    const added = editQuestions(toSettings(saved).questions, { type: 'add' }, true);
    expect(settingsBody({ ...toSettings(saved), questions: added }, saved).questions).toEqual([
      { id: 'q1', label: 'Diet', type: 'text', required: false, options: null },
      { label: '', type: 'text', required: false, options: null },
    ]);
  });

  it('after a 412, keeps the person’s changes, else takes the latest', () => {
    const base = event();
    const latest = event({ requiresApproval: true });
    expect(rebaseSettings(toSettings(base), base, latest).requiresApproval).toBe(true);
    const mine = { ...toSettings(base), questions: [] };
    expect(rebaseSettings(mine, base, latest)).toBe(mine);
  });
});

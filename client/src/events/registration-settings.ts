import type { EventDetail, UpdateEventBody } from '../api/client';
import { questionsChanged, toDrafts, toQuestionsBody, type QuestionDraft } from './question-editor';

/** The event form's registration part: approval and the questions. */
export interface Settings {
  requiresApproval: boolean;
  questions: QuestionDraft[];
}

export const NO_SETTINGS: Settings = { requiresApproval: false, questions: [] };

export const toSettings = (event: EventDetail): Settings => ({
  requiresApproval: event.requiresApproval,
  questions: toDrafts(event.questions),
});

/**
 * The registration part of a create (what differs from the defaults) or of an edit (what differs
 * from the `saved` event).
 */
export function settingsBody(settings: Settings, saved?: EventDetail): UpdateEventBody {
  const body: UpdateEventBody = {};
  if (settings.requiresApproval !== (saved?.requiresApproval ?? false)) {
    body.requiresApproval = settings.requiresApproval;
  }
  if (questionsChanged(settings.questions, saved?.questions ?? [])) {
    body.questions = toQuestionsBody(settings.questions);
  }
  return body;
}

/** After a 412: the person's registration settings if they changed them, else the latest. */
export function rebaseSettings(mine: Settings, base: EventDetail, latest: EventDetail): Settings {
  return Object.keys(settingsBody(mine, base)).length > 0 ? mine : toSettings(latest);
}

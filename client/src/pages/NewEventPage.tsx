import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { CreateEventBody, CreateSeriesBody } from '../api/client';
import { EventForm } from '../components/EventForm';
import { EMPTY, toBody } from '../events/event-form-values';
import { useCreateEvent } from '../events/event-mutations';
import { settingsBody } from '../events/registration-settings';
import { flashState } from '../lib/flash';
import { fieldProblem } from '../lib/form-errors';
import { plural } from '../lib/format';
import { useTitle } from '../lib/use-title';
import { RepeatFields } from '../series/RepeatFields';
import { buildRule, NO_REPEAT, RULE_PROBLEMS, type RuleProblem } from '../series/recurrence';
import { useCreateSeries } from '../series/series-api';
import { keyHeader, useSubmissionKey } from '../lib/submission-key';

const SERIES_LABELS = { recurrence: 'Repeats' };

/** A rule the form cannot build yet, refused as the API refuses a field: next to it. */
const ruleError = (problem: RuleProblem) =>
  fieldProblem([
    { field: problem === 'start' ? 'startsAt' : 'recurrence', message: RULE_PROBLEMS[problem] },
  ]);

/** A new event, or with "Repeats" a series of them (`POST /series`, then the series' page). */
export function NewEventPage() {
  useTitle('New event');
  const create = useCreateEvent();
  const createSeries = useCreateSeries();
  const navigate = useNavigate();
  const submission = useSubmissionKey();
  const [repeat, setRepeat] = useState(NO_REPEAT);
  const repeating = repeat.frequency !== 'none';

  return (
    <EventForm
      initial={EMPTY}
      allowDraft={!repeating}
      submitLabel={repeating ? 'Create series' : undefined}
      extraLabels={SERIES_LABELS}
      extra={(values, errors) => (
        <RepeatFields
          repeat={repeat}
          onChange={setRepeat}
          startsAt={values.startsAt}
          timeZone={values.timeZone}
          error={errors.fields.recurrence}
        />
      )}
      onSave={async (values, _, draft, settings) => {
        const registration = {
          ...settingsBody(settings),
          requiresApproval: settings.requiresApproval,
        };
        if (repeating) {
          const { rule, problem } = buildRule(repeat, values.startsAt, values.timeZone);
          if (!rule) throw ruleError(problem ?? 'start');
          const body = { ...toBody(values), ...registration, recurrence: rule } as CreateSeriesBody;
          const series = await submission.send({ series: body }, (key) =>
            createSeries.mutateAsync({ body, params: { header: keyHeader(key) } }),
          );
          const flash = `Series created: ${plural(series.occurrences.length, 'event')}.`;
          await navigate(`/series/${series.id}`, { state: flashState(flash) });
          return;
        }
        const body = { ...toBody(values), ...registration, published: !draft } as CreateEventBody;
        const created = await submission.send({ event: body }, (key) =>
          create.mutateAsync({ body, params: { header: keyHeader(key) } }),
        );
        if (created) {
          const flash = draft ? 'Draft saved: publish it when it is ready.' : 'Event created.';
          await navigate(`/events/${created.id}`, { state: flashState(flash) });
        }
      }}
    />
  );
}

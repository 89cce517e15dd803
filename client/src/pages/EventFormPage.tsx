import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage, etag, type EventDetail } from '../api/client';
import { EventForm } from '../components/EventForm';
import {
  changedFields,
  rebase,
  toBody,
  toValues,
  type FieldName,
  type Rebased,
  type Values,
} from '../events/event-form-values';
import { useEventMutations } from '../events/event-mutations';
import { eventQuery } from '../events/event-queries';
import {
  rebaseSettings,
  settingsBody,
  toSettings,
  type Settings,
} from '../events/registration-settings';
import { flashState } from '../lib/flash';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { fieldProblem } from '../lib/form-errors';
import { ScopeChoice, type Scope } from '../series/ScopeChoice';
import { useSeriesMutations } from '../series/series-api';
import { NotFound } from './NotFound';
import { can } from '../events/event-permissions';

const TIMES = ['timeZone', 'startsAt', 'endsAt'] as const;
const TIMED = 'Times change one event at a time: choose “Only this event” to move this one.';

export function EditEventPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <EditEvent key={id} id={id} />;
}

function EditEvent({ id }: { id: number }) {
  const query = useQuery(eventQuery(id));
  const event = query.data;
  useTitle(`Edit ${event?.name ?? 'event'}`);

  if (query.isPending) {
    return (
      <section aria-busy="true">
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="muted">Loading…</p>
      </section>
    );
  }
  if (!event) {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-error" role="alert">
          {errorMessage(query.error)}
        </p>
        <Link to="/">Back to all events</Link>
      </section>
    );
  }
  if (!can(event, 'edit') || event.status === 'cancelled') {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-warning">
          {can(event, 'edit')
            ? `“${event.name}” was cancelled and can no longer be changed.`
            : `Only the organizer and cohosts can change “${event.name}”.`}
        </p>
        <Link to={`/events/${event.id}`}>Back to the event</Link>
      </section>
    );
  }
  return <EditForm event={event} />;
}

function EditForm({ event }: { event: EventDetail }) {
  const { update } = useEventMutations(event.id);
  const series = useSeriesMutations();
  const [params] = useSearchParams();
  const seriesId = event.seriesId;
  const [scope, setScope] = useState<Scope>(params.get('scope') === 'series' ? 'series' : 'event');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The version this form edits: the loaded one, or the latest after a conflict's reload.
  const [base, setBase] = useState(event);
  const [rebased, setRebased] = useState<Rebased>();
  const [settings, setSettings] = useState<Settings>(() => toSettings(event));

  const reload = async (values: Values, initial: Values, mine: Settings) => {
    const latest = await queryClient.fetchQuery({ ...eventQuery(event.id), staleTime: 0 });
    const next = rebase(values, initial, toValues(latest));
    setSettings(rebaseSettings(mine, base, latest));
    setBase(latest);
    setRebased(next);
    return { initial: toValues(latest), values: next.values };
  };

  /**
   * Every upcoming occurrence at once (`PATCH /series/:id`), questions and approval included (the
   * server gives a new question one id across the series); times move one event at a time.
   */
  const saveSeries = async (
    id: number,
    values: Values,
    changed: Set<FieldName>,
    settings: ReturnType<typeof settingsBody>,
  ) => {
    const timed = TIMES.filter((name) => changed.has(name));
    if (timed.length > 0) {
      throw fieldProblem(timed.map((field) => ({ field, message: TIMED })));
    }
    const body = { ...toBody(values, changed), ...settings };
    const any = Object.keys(body).length > 0;
    if (any) await series.update.mutateAsync({ params: { path: { id } }, body });
    await navigate(`/series/${id}`, {
      state: flashState(
        any ? 'Changes saved to every upcoming event of the series.' : 'Nothing changed.',
        any ? 'success' : 'info',
      ),
    });
  };

  return (
    <EventForm
      key={base.version}
      event={base}
      initial={toValues(base)}
      startValues={rebased?.values}
      conflicts={rebased?.conflicts}
      startSettings={settings}
      onReload={reload}
      extra={() =>
        seriesId !== null && (
          <ScopeChoice seriesId={seriesId} action="edit" value={scope} onChange={setScope} />
        )
      }
      onSave={async (values, initial, _, mine) => {
        const fields = changedFields(values, initial);
        const settingsChanges = settingsBody(mine, base);
        if (seriesId !== null && scope === 'series') {
          await saveSeries(seriesId, values, fields, settingsChanges);
          return;
        }
        const body = { ...toBody(values, fields), ...settingsChanges };
        const changed = Object.keys(body).length > 0;
        if (changed) {
          await update.mutateAsync({
            params: { path: { id: base.id }, header: { 'If-Match': etag(base) } },
            body,
          });
        }
        await navigate(`/events/${base.id}`, {
          state: flashState(
            changed ? 'Changes saved.' : 'Nothing changed.',
            changed ? 'success' : 'info',
          ),
        });
      }}
    />
  );
}

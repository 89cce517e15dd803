import { useQuery } from '@tanstack/react-query';
import { seriesQuery } from './series-api';

export type Scope = 'event' | 'series';

interface ScopeChoiceProps {
  /** the occurrence's series */
  seriesId: number;
  /** "edit" or "cancel": the ids and the wording */
  action: 'edit' | 'cancel';
  value: Scope;
  onChange(scope: Scope): void;
}

/**
 * On an occurrence of a series, whether a change is for this event only or for every upcoming
 * event of the series (`PATCH /series/:id`, `POST /series/:id/cancellation`): always asked,
 * never guessed. "Upcoming" is the API's: not started and not cancelled, this one included.
 */
export function ScopeChoice({ seriesId, action, value, onChange }: ScopeChoiceProps) {
  const series = useQuery(seriesQuery(seriesId)).data;
  const upcoming = series?.occurrences.filter((e) => e.status === 'upcoming').length;
  const verb = action === 'edit' ? 'Change' : 'Cancel';
  const option = (scope: Scope, label: string) => (
    <div className="field-check">
      <input
        id={`${action}-scope-${scope}`}
        type="radio"
        name={`${action}-scope`}
        checked={value === scope}
        onChange={() => onChange(scope)}
      />
      <label htmlFor={`${action}-scope-${scope}`}>{label}</label>
    </div>
  );
  return (
    <fieldset className="field-group scope-choice" data-testid={`${action}-scope`}>
      <legend>{verb} which events?</legend>
      <p className="hint">This event is part of a series.</p>
      {option('event', 'Only this event')}
      {option(
        'series',
        upcoming === undefined
          ? 'All upcoming events of the series'
          : `All upcoming events of the series (${upcoming})`,
      )}
      {action === 'edit' && value === 'series' && (
        <p className="hint">
          Name, description, location, category, capacity, questions and approval change on each of
          them; dates and times change one event at a time.
        </p>
      )}
    </fieldset>
  );
}

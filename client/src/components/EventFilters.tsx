import { useEffect, useId, useState } from 'react';
import {
  advancedCount,
  isFiltered,
  oneOf,
  SCOPES,
  SORTS,
  STATUSES,
  type Filters,
} from '../events/event-filters';
import { CategoryChips } from './CategoryChips';
import { Segmented } from './Segmented';

interface EventFiltersProps {
  filters: Filters;
  /** `replace`: a change that should not make a history entry of its own (typing). */
  onChange(changes: Partial<Filters>, replace?: boolean): void;
  onClear(): void;
}

export function EventFilters({ filters, onChange, onClear }: EventFiltersProps) {
  const ids = useId();
  const [text, setText] = useState(filters.q);
  // Open on wide screens; on a phone the list comes first unless these filters are in use.
  const [moreOpen, setMoreOpen] = useState(
    () => window.matchMedia('(min-width: 721px)').matches || advancedCount(filters) > 0,
  );
  const advanced = advancedCount(filters);

  // The search box writes to the URL once typing pauses; back and forward write it back.
  useEffect(() => {
    if (text === filters.q) return;
    const timer = setTimeout(() => onChange({ q: text }, true), 300);
    return () => clearTimeout(timer);
  }, [text]); // only typing restarts the wait
  useEffect(() => setText(filters.q), [filters.q]);

  return (
    <section className="filters" aria-labelledby={`${ids}-filters`}>
      <h2 id={`${ids}-filters`} className="visually-hidden">
        Filters
      </h2>
      <div className="filter-tabs" role="search">
        <Segmented
          legend="Show"
          name="scope"
          value={filters.scope}
          options={SCOPES}
          onChange={(scope) => onChange({ scope })}
        />
        <Segmented
          legend="When"
          name="status"
          value={filters.status}
          options={STATUSES}
          onChange={(status) => onChange({ status })}
        />
        <div className="field filter-search">
          <label htmlFor={`${ids}-q`}>Search</label>
          <input
            id={`${ids}-q`}
            type="search"
            placeholder="Name or description"
            value={text}
            maxLength={200}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </div>
      <CategoryChips
        selected={filters.categories}
        onChange={(categories) => onChange({ categories })}
      />
      <details
        className="more-filters"
        open={moreOpen}
        onToggle={(event) => setMoreOpen(event.currentTarget.open)}
      >
        <summary>
          Dates, availability and sorting
          {advanced > 0 && <span className="muted"> ({advanced} set)</span>}
        </summary>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor={`${ids}-from`}>Starts from</label>
            <input
              id={`${ids}-from`}
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(event) => onChange({ from: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-to`}>Starts until</label>
            <input
              id={`${ids}-to`}
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(event) => onChange({ to: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-sort`}>Sort by</label>
            <select
              id={`${ids}-sort`}
              value={filters.sort}
              onChange={(event) => onChange({ sort: oneOf(event.target.value, SORTS, 'startsAt') })}
            >
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-check">
            <input
              id={`${ids}-spots`}
              type="checkbox"
              checked={filters.spots}
              onChange={(event) => onChange({ spots: event.target.checked })}
            />
            <label htmlFor={`${ids}-spots`}>Only events I can still join</label>
          </div>
          {isFiltered(filters) && (
            <div className="field field-reset">
              <button type="button" className="button button-link" onClick={onClear}>
                Clear filters
              </button>
            </div>
          )}
        </div>
      </details>
    </section>
  );
}

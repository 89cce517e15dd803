import type { EventCategory } from '../api/client';
import { CATEGORIES } from '../events/categories';

interface CategoryChipsProps {
  selected: EventCategory[];
  onChange(categories: EventCategory[]): void;
}

/** Toggle buttons (`aria-pressed`), one per category; none pressed means every category. */
export function CategoryChips({ selected, onChange }: CategoryChipsProps) {
  const toggle = (category: EventCategory) =>
    onChange(
      selected.includes(category)
        ? selected.filter((c) => c !== category)
        : CATEGORIES.map(([c]) => c).filter((c) => c === category || selected.includes(c)),
    );
  return (
    <div className="chips" role="group" aria-label="Categories">
      {CATEGORIES.map(([category, label]) => (
        <button
          key={category}
          type="button"
          className="chip"
          aria-pressed={selected.includes(category)}
          onClick={() => toggle(category)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

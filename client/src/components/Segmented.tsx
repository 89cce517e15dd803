interface SegmentedProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onChange(value: T): void;
}

/** Tabs-like choice built on native radios: arrow keys move, one tab stop, read as a group. */
export function Segmented<T extends string>(props: SegmentedProps<T>) {
  const { legend, name, value, options, onChange } = props;
  return (
    <fieldset className="segmented">
      <legend>{legend}</legend>
      <div className="segmented-options">
        {options.map(([option, label]) => (
          <label key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={value === option}
              onChange={() => onChange(option)}
            />
            <span>{label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

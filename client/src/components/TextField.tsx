import type { InputHTMLAttributes } from 'react';
import { Field } from './Field';

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'name' | 'value' | 'onChange' | 'required'
>;

interface TextFieldProps extends InputProps {
  name: string;
  label: string;
  value: string;
  onValue(value: string): void;
  error?: string;
  hint?: string;
  required?: boolean;
  idPrefix?: string;
}

/** A `Field` around a plain `<input>`: the common case of the account forms. */
export function TextField(props: TextFieldProps) {
  const { name, label, value, onValue, error, hint, required, idPrefix, ...input } = props;
  return (
    <Field
      name={name}
      label={label}
      error={error}
      hint={hint}
      required={required}
      idPrefix={idPrefix}
    >
      {(control) => (
        <input
          {...input}
          {...control}
          value={value}
          onChange={(event) => onValue(event.target.value)}
        />
      )}
    </Field>
  );
}

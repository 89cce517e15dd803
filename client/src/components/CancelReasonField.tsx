/** The optional reason of a cancellation (≤ 500 characters, shown to everyone), in its dialog. */
export function CancelReasonField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        Reason <span className="optional">(optional, shown to everyone)</span>
      </label>
      <textarea
        id={id}
        rows={3}
        maxLength={500}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

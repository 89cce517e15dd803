import { useEffect, useRef } from 'react';
import type { FormErrors } from '../lib/form-errors';
import { fieldId } from './Field';

/**
 * The failed submission at a glance. It takes focus each time a submission fails (a new `errors`
 * object), so screen readers announce it and keyboard users start from it; its links lead to the
 * fields.
 */
export function ErrorSummary({ errors, idPrefix }: { errors: FormErrors; idPrefix?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { summary, general } = errors;
  useEffect(() => {
    ref.current?.focus();
  }, [errors]);

  if (summary.length === 0 && !general) return null;
  return (
    <div ref={ref} className="alert alert-error error-summary" role="alert" tabIndex={-1}>
      {general && <p className="error-summary-general">{general}</p>}
      {summary.length > 0 && (
        <>
          <p>
            <strong>
              {summary.length === 1 ? 'Please fix this problem:' : 'Please fix these problems:'}
            </strong>
          </p>
          <ul>
            {summary.map(([name, label, message]) => (
              <li key={name}>
                <a href={`#${fieldId(name, idPrefix)}`}>
                  {message.startsWith(label) ? message : `${label}: ${message}`}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

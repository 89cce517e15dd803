import { useEffect, useRef, useState } from 'react';

export interface RevealedSecret {
  webhookId: number;
  url: string;
  secret: string;
  /** made by a rotation (the old one still signs for 24 hours) rather than at creation */
  rotated: boolean;
}

/**
 * A signing secret, shown the one time the API answers it (creation or rotation), with a copy
 * button. It lives only in the page's state: "Done", leaving the page or a reload and it is gone.
 */
export function SecretReveal({ revealed, onDone }: { revealed: RevealedSecret; onDone(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const id = `webhook-${revealed.webhookId}-secret`;

  // A new secret is the one thing to act on now: start reading there.
  useEffect(() => {
    ref.current?.focus();
  }, [revealed]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(revealed.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div
      ref={ref}
      className="alert alert-warning secret-reveal"
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      role="region"
      data-testid="webhook-secret"
    >
      <h2 id={`${id}-title`}>
        {revealed.rotated ? 'New signing secret' : 'Signing secret'} for{' '}
        <span className="webhook-url">{revealed.url}</span>
      </h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Your receiver verifies each
        delivery’s <code>webhook-signature</code> with it (Standard Webhooks).
      </p>
      {revealed.rotated && (
        <p>
          For the next 24 hours every delivery carries two signatures, one made with the old secret
          and one with this one, so you can switch your receiver over without missing anything.
        </p>
      )}
      <div className="field">
        <label htmlFor={id}>Signing secret</label>
        <div className="input-with-button">
          <input
            id={id}
            type="text"
            readOnly
            spellCheck={false}
            value={revealed.secret}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved it
        </button>
        <span role="status">
          {copied === true && <span className="saved">Copied.</span>}
          {copied === false && <span>Copying failed: select the secret and copy it by hand.</span>}
        </span>
      </div>
    </div>
  );
}
